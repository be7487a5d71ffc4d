"""Mutation testing: does a test fail when the code is wrong? See docs/decisions/ (mutation).

    scripts/mutation.py run [MUTANT-GLOB ...]   mutate, run the tests per mutant (mutmut 3)
    scripts/mutation.py sample N                run N random service mutants not yet checked
    scripts/mutation.py parsers                 the parser mutants not yet checked, in a seeded
                                                random order, each with its module's tests
    scripts/mutation.py check TEST... -- MUTANT...  run mutants against the given tests only
    scripts/mutation.py check PLAN              the same, PLAN a file of lines `MUTANT TEST...`
    scripts/mutation.py report                  write docs/mutation-report.md from mutants/

`make mutation` runs both. mutmut copies src/ into mutants/, mutates the modules listed in
[tool.mutmut] only_mutate (pyproject.toml), runs the whole non-browser suite once to learn
which tests call which function, then runs only those tests against each mutant, in forks.
A glob narrows a run, e.g. `scripts/mutation.py run 'digiketen.core.once.*'`.

Two adaptations, both here rather than in a fork of mutmut:
- mutmut 3 leaves every decorated function alone (a decorator may register the function
  twice). Nearly all our services are `@transaction.atomic`, which has no such side effect,
  so functions whose only decorators are `transaction.atomic` are mutated too: the trampoline
  and each mutant keep the decorator, which nests a savepoint and changes nothing else.
- Each mutant's pytest session would migrate a new test database (10+ seconds);
  DIGIKETEN_KEEP_TEST_DB=1 makes the root conftest migrate once and start every session from
  a copy (SQLite in memory only).
"""

import fnmatch
import math
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "mutation-report.md"
SURVIVORS = ROOT / "docs" / "mutation-survivors.toml"
SAMPLE = ROOT / "docs" / "mutation-sample.txt"
PARSER_PLAN = ROOT / "docs" / "mutation-parsers-plan.txt"
# The tests that read each parser's output, the most direct first: `check` stops at the first
# failing test, so a killed mutant costs seconds.
PARSER_TESTS = {
    "battery": ["battery_and_screen", "parsers", "capture_hostile", "capture_api"],
    "edid": ["battery_and_screen", "parsers", "unreadable_reasons", "capture_api"],
    "lscpu": ["cpu_and_disk_kind", "parsers", "capture_api"],
    "lsblk": [
        "lsblk_kinds",
        "parsers",
        "unreadable_reasons",
        "cpu_and_disk_kind",
        "erasure_contract",
        "capture_api",
    ],
    "smartctl": [
        "cpu_and_disk_kind",
        "lsblk_kinds",
        "parsers",
        "unreadable_reasons",
        "erasure_contract",
        "capture_api",
    ],
    "nwipe": ["nwipe", "erasure_contract", "lifecycle", "views"],
    "dmidecode": [
        "dmidecode_identity",
        "parsers",
        "capture_hostile",
        "erasure_contract",
        "capture_api",
    ],
    "capture": [
        "parsers",
        "unreadable_reasons",
        "capture_hostile",
        "battery_and_screen",
        "capture_api",
        "erasure_contract",
        "labels",
        "views",
    ],
}
COMMAND = "make mutation"


def _is_atomic(decorator) -> bool:
    import libcst as cst

    node = decorator.decorator
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "atomic"
        and isinstance(node.value, cst.Name)
        and node.value.value == "transaction"
    )


def _allow_atomic_functions() -> None:
    import libcst as cst
    from libcst.metadata import PositionProvider
    from mutmut.mutation import file_mutation

    original = file_mutation.MutationVisitor._skip_node_and_children

    def skip(self, node) -> bool:
        if (
            isinstance(node, cst.FunctionDef)
            and node.decorators
            and all(_is_atomic(d) for d in node.decorators)
        ):
            # The checks of the original that apply to a function, minus the decorator one.
            position = self.get_metadata(PositionProvider, node, None)
            if position and position.start.line in self._ignored_node_lines:
                self.ignored_functions.add(node.name.value)
                return True
            return node.name.value in file_mutation.NEVER_MUTATE_FUNCTION_NAMES
        return original(self, node)

    file_mutation.MutationVisitor._skip_node_and_children = skip


def _sync_unmutated_files() -> None:
    """mutmut copies a file into mutants/ only when it is not there yet, so a test changed
    after the first run would never reach a later one: copy what changed since."""
    import filecmp
    import shutil

    from mutmut.configuration import config

    for root, _dirs, files in os.walk("src"):
        for name in files:
            source = Path(root) / name
            target = Path("mutants") / source
            if (
                target.exists()
                and not config().should_mutate(source)
                and not filecmp.cmp(source, target, shallow=False)
            ):
                shutil.copy2(source, target)


def _prepare() -> None:
    os.chdir(ROOT)
    os.environ["DIGIKETEN_KEEP_TEST_DB"] = "1"
    os.environ.setdefault("DB_ENGINE", "sqlite")
    if os.environ["DB_ENGINE"] != "sqlite":
        sys.exit("Mutation runs use the in-memory SQLite test database.")
    _allow_atomic_functions()
    if Path("mutants").exists():
        _sync_unmutated_files()


def run(globs: list[str]) -> int:
    _prepare()
    from mutmut.__main__ import cli

    jobs = os.environ.get("MUTATION_JOBS", str(os.cpu_count() or 2))
    return cli(["run", "--max-children", jobs, *globs], standalone_mode=False) or 0


def _is_service(path: Path) -> bool:
    return path.name == "services.py" or path.parent.name == "services"


def _mutation_data():
    """(path, SourceFileMutationData) of every mutated module, in path order."""
    from mutmut.configuration import config
    from mutmut.mutation.data import SourceFileMutationData

    paths = sorted(
        Path(root) / name
        for root, _dirs, files in os.walk("src")
        for name in files
        if name.endswith(".py") and config().should_mutate(Path(root) / name)
    )
    for path in paths:
        data = SourceFileMutationData(path=path)
        data.load()
        if data.exit_code_by_key:
            yield path, data


def sample(size: int) -> int:
    """Mutmut runs the mutants with the quickest tests first; the last ones (services whose
    tests are the whole application flow) take hours each on two cores. A seeded random
    sample of those gives an unbiased estimate of their score in minutes; the report counts
    it apart from the mutants checked in full (docs/mutation-sample.txt lists it)."""
    import random

    os.chdir(ROOT)
    unchecked = [
        mutant
        for path, data in _mutation_data()
        if _is_service(path)
        for mutant, code in sorted(data.exit_code_by_key.items())
        if code is None
    ]
    chosen = sorted(random.Random(f"digiketen-{len(unchecked)}").sample(unchecked, size))
    SAMPLE.write_text(
        f"# {size} of {len(unchecked)} service mutants not checked before, drawn at random\n"
        + "\n".join(chosen)
        + "\n"
    )
    return run(chosen)


def parser_plan() -> int:
    """mutmut's own run learns the tests per function from the whole suite first (most of an
    hour here) and runs every test that reaches a function; `check` with each parser's own
    tests takes seconds a mutant. The plan lists the unchecked parser mutants in a seeded
    random order, so when a run stops early the mutants it got to are a random sample and the
    report estimates the rest from them. Run it with
    `scripts/mutation.py check docs/mutation-parsers-plan.txt`."""
    import random

    os.chdir(ROOT)
    unchecked = [
        mutant
        for path, data in _mutation_data()
        if "/parsers/" in str(path)
        for mutant, code in sorted(data.exit_code_by_key.items())
        if code is None
    ]
    random.Random("digiketen-parsers").shuffle(unchecked)
    lines = [f"# every parser mutant not checked yet ({len(unchecked)}), in a seeded random order"]
    for mutant in unchecked:
        part = mutant.split(".")[3]
        module = "capture" if part.startswith("x_") else part  # __init__: the capture tests
        tests = PARSER_TESTS[module]
        lines.append(
            " ".join([mutant, *(f"src/digiketen/inventory/tests/test_{t}.py" for t in tests)])
        )
    PARSER_PLAN.write_text("\n".join(lines) + "\n")
    print(f"Wrote {PARSER_PLAN.relative_to(ROOT)}: {len(unchecked)} mutants")
    return 0


def check(plan: list[tuple[str, list[str]]]) -> int:
    """Run each mutant of `plan` (mutant or glob, tests) against those tests only, in a fork
    of one warmed-up process: minutes where mutmut, which runs every test that reaches the
    function, takes hours for a survivor. A failing test proves the mutant killed; that is
    recorded as mutmut would. A mutant that passes keeps an earlier verdict; one never checked
    before is recorded as survived, which may undercount (a test not given may kill it), so
    the score stays a lower bound. A glob names every mutant not checked yet that matches."""
    import pytest
    from mutmut.__main__ import create_mutants
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir

    _prepare()
    copy_src_dir()
    copy_also_copy_files()
    create_mutants(1)  # mutants/ of the current code; unchanged functions keep their verdicts
    data_by_mutant = {
        mutant: data for _path, data in _mutation_data() for mutant in data.exit_code_by_key
    }
    jobs = [
        (name, tests)
        for pattern, tests in plan
        for name in (
            sorted(
                m
                for m, data in data_by_mutant.items()
                if fnmatch.fnmatch(m, pattern) and data.exit_code_by_key[m] is None
            )
            if "*" in pattern
            else [pattern]
        )
    ]
    unknown = [mutant for mutant, _tests in jobs if mutant not in data_by_mutant]
    if unknown:
        sys.exit(f"No such mutant in the current code: {', '.join(unknown)}")
    os.chdir("mutants")
    sys.path.insert(0, str(Path("src").absolute()))
    args = ["--rootdir=.", "-x", "-q", "-p", "no:randomly", "-p", "no:xdist", "-m", "not browser"]
    # The clean run warms the process up (imports, the migrated database) and must pass:
    # a test that fails without a mutant would count every mutant as killed.
    started = time.process_time()
    if pytest.main([*args, *dict.fromkeys(t for _m, tests in jobs for t in tests)]) != 0:
        sys.exit("The tests fail on the unmutated code.")
    # As mutmut: a mutant that makes the tests loop is stopped (SIGXCPU) and counts as killed.
    limit = math.ceil((time.process_time() - started + 5) * 10)
    killed = 0
    for mutant, tests in jobs:
        pid = os.fork()
        if pid == 0:
            resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
            os.environ["MUTANT_UNDER_TEST"] = mutant
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os._exit(int(pytest.main([*args, *tests])))
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        data = data_by_mutant[mutant]
        killed += code in (1, -24)
        if code in (1, -24) or (code == 0 and data.exit_code_by_key[mutant] is None):
            data.exit_code_by_key[mutant] = code
            os.chdir(ROOT)
            data.save()
            os.chdir("mutants")
        print({1: "killed  ", 0: "survived", -24: "timeout "}.get(code, f"error {code}"), mutant)
    print(f"{killed} of {len(jobs)} killed")
    return 0


def _plan(arguments: list[str]) -> list[tuple[str, list[str]]]:
    """`TEST... -- MUTANT...`, or one file of lines `MUTANT TEST...` (# starts a comment)."""
    if "--" in arguments:
        split = arguments.index("--")
        return [(mutant, arguments[:split]) for mutant in arguments[split + 1 :]]
    lines = Path(arguments[0]).read_text().splitlines()
    return [
        (line.split()[0], line.split()[1:])
        for line in lines
        if line.split()[:1] != ["#"] and line.strip()
    ]


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["run"]
    if command == "sample":
        sys.exit(sample(int(rest[0])))
    if command == "parsers":
        sys.exit(parser_plan())
    if command == "check":
        sys.exit(check(_plan(rest)))
    if command == "run":
        sys.exit(run(rest))
    if command == "report":
        from mutation_report import report

        sys.exit(report())
    # Anything else (--help, a typo) must not fall through to report: that would overwrite
    # docs/mutation-report.md with the figures of a mutants/ folder that may not exist.
    print(__doc__, file=sys.stderr)
    sys.exit(2)
