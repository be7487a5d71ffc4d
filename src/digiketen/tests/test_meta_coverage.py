"""Tests about the tests: every audit action has a readable name and is asserted by a test,
and every permission check of a service has a test that is refused by it. They read the
source (see source_scan.py), so they hold in any order and under pytest-xdist."""

import ast

from digiketen.core.models import ACTION_LABELS
from digiketen.tests import source_scan

# The one place that records an action it does not name: the step of a workflow table, whose
# actions are read from the tables' Move(...) entries instead.
WORKFLOW_RECORD = ("digiketen.core.workflow", "move.audit_action")


def recorded_actions() -> dict[str, str]:
    """action -> the module that records it, from every `audit.record("...")` and
    `audit.record_shown("...")` in the code and
    every step of a workflow table."""
    actions = source_scan.workflow_actions()
    for path in source_scan.source_files(tests=False):
        calls = [
            *source_scan.calls(path, "record", on="audit"),
            *source_scan.calls(path, "record_shown", on="audit"),  # one event per list page
        ]
        for call in calls:
            action = source_scan.first_string(call)
            if action is None:
                where = (source_scan.module_name(path), ast.unparse(call.args[0]))
                assert where == WORKFLOW_RECORD, f"{path}:{call.lineno}: write the action out"
                continue
            actions[action] = source_scan.module_name(path)
    return actions


def asserted_actions() -> set[str]:
    return {
        action
        for path in source_scan.source_files(tests=True)
        for call in source_scan.calls(path, "assert_audited")
        if (action := source_scan.first_string(call))
    }


def test_the_scan_finds_the_audit_calls():
    actions = recorded_actions()
    assert actions["device.state_changed"].startswith("digiketen.inventory.services")
    assert actions["auth.login"] == "digiketen.accounts.views"
    assert actions["application.handed_over"] == "digiketen.applications.workflow"
    assert len(actions) > 60


def test_audit_record_is_only_called_as_audit_record():
    """Otherwise the scan above could miss an action."""
    for path in source_scan.source_files(tests=False):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "digiketen.core.audit":
                assert all(alias.name != "record" for alias in node.names), path


def test_every_recorded_action_has_a_readable_label():
    missing = sorted(set(recorded_actions()) - set(ACTION_LABELS))
    assert not missing, f"add these to core.models.ACTION_LABELS: {missing}"


def test_every_label_belongs_to_an_action_that_is_recorded():
    unused = sorted(set(ACTION_LABELS) - set(recorded_actions()))
    assert not unused, f"no code records these: {unused}"


def test_every_action_is_asserted_by_a_test():
    missing = sorted((set(ACTION_LABELS) | set(recorded_actions())) - asserted_actions())
    assert not missing, f"no test calls assert_audited(...) for: {missing}"


def test_the_scan_finds_the_permission_checks():
    checked = source_scan.services_with_permission_check()
    # Directly, through a helper (_require, _locked) and through a helper's caller (_move).
    assert {("core", "update_site_configuration"), ("directory", "create_service")} <= checked
    assert {("inventory", "triage"), ("applications", "hand_over")} <= checked
    assert ("inventory", "next_states") not in checked  # filters buttons, refuses nothing


def test_every_permission_check_of_a_service_has_a_refusing_test():
    missing = sorted(source_scan.services_with_permission_check() - source_scan.refused_in_tests())
    assert not missing, f"no test calls assert_refused(services.<function>, ...) for: {missing}"
