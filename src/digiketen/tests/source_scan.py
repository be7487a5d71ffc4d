"""Static scans of our own source, for the meta-tests: they must hold whatever order or
process (pytest-xdist) the tests run in, so they read the code instead of recording calls."""

import ast
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent


def is_test_file(path: Path) -> bool:
    return "tests" in path.relative_to(SRC).parts or path.name.startswith("test_")


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def source_files(*, tests: bool) -> list[Path]:
    return [
        path
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts and is_test_file(path) == tests
    ]


def module_name(path: Path) -> str:
    return ".".join(("digiketen", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
        ".__init__"
    )


def calls(path: Path, name: str, *, on: str | None = None):
    """Calls of `name(...)`, or of `on.name(...)` when `on` is given."""
    for node in ast.walk(_tree(path)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (on is None and isinstance(func, ast.Name) and func.id == name) or (
            on is not None
            and isinstance(func, ast.Attribute)
            and func.attr == name
            and isinstance(func.value, ast.Name)
            and func.value.id == on
        ):
            yield node


def first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def imported_names(path: Path) -> dict[str, str]:
    """Local name -> the dotted name it was imported as, e.g. services ->
    digiketen.inventory.services."""
    names = {}
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
    return names


def service_modules() -> list[Path]:
    """Every app's services.py, or the modules of its services/ package."""
    return [
        path
        for path in source_files(tests=False)
        if path.name == "services.py" or path.parent.name == "services"
    ]


def _raises_refusal(function: ast.FunctionDef) -> bool:
    """Raises PermissionDenied, or a DoesNotExist that the views turn into a 404."""
    for node in ast.walk(function):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "PermissionDenied":
                return True
            if isinstance(exc, ast.Attribute) and exc.attr == "DoesNotExist":
                return True
    return False


def _begins_a_step(function: ast.FunctionDef) -> bool:
    """Begins a workflow step: core.workflow.Workflow.begin checks the permission of staff."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "begin"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id.endswith("WORKFLOW")
        for node in ast.walk(function)
    )


def _takes_an_actor(function: ast.FunctionDef) -> bool:
    arguments = function.args
    return any(a.arg == "actor" for a in arguments.args + arguments.kwonlyargs)


def _called_names(function: ast.FunctionDef) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def services_with_permission_check() -> set[tuple[str, str]]:
    """(app, function) for every public service function that refuses: itself, or for an
    actor through a helper of its app's services (the modules of a services/ package call
    each other's) or a workflow step. A daily job without an actor refuses no one."""
    functions: dict[str, dict[str, ast.FunctionDef]] = {}
    for path in service_modules():
        app = path.relative_to(SRC).parts[0]
        for node in _tree(path).body:
            if isinstance(node, ast.FunctionDef):
                functions.setdefault(app, {})[node.name] = node
    found = set()
    for app, by_name in functions.items():
        direct = {name for name, node in by_name.items() if _raises_refusal(node)}
        checking = direct | {name for name, node in by_name.items() if _begins_a_step(node)}
        while True:
            more = {
                name
                for name, node in by_name.items()
                if name not in checking and _called_names(node) & checking
            }
            if not more:
                break
            checking |= more
        found |= {
            (app, name)
            for name in checking
            if not name.startswith("_") and (name in direct or _takes_an_actor(by_name[name]))
        }
    return found


def workflow_actions() -> dict[str, str]:
    """action -> module, for the audit action of every `Move(...)` of a workflow table."""
    actions = {}
    for path in source_files(tests=False):
        for call in calls(path, "Move"):
            given = [k.value for k in call.keywords if k.arg == "audit_action"]
            given += call.args[3:4]
            for node in given:
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    actions[node.value] = module_name(path)
    return actions


def refused_in_tests() -> set[tuple[str, str]]:
    """(app, function) for every `assert_refused(services.function, ...)` in a test file."""
    found = set()
    for path in source_files(tests=True):
        names = imported_names(path)
        for call in calls(path, "assert_refused"):
            if not call.args:
                continue
            target = call.args[0]
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                dotted = f"{names.get(target.value.id, target.value.id)}.{target.attr}"
            elif isinstance(target, ast.Name):
                dotted = names.get(target.id, target.id)
            else:
                continue
            parts = dotted.split(".")
            if len(parts) >= 3 and parts[0] == "digiketen":
                found.add((parts[1], parts[-1]))
    return found
