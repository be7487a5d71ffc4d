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
import re
import resource
import sys
import time
import tomllib
from datetime import date
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


# -- report ----------------------------------------------------------------------------------


def _module(path: Path) -> str:
    return ".".join(path.with_suffix("").parts[1:])


def _mutated_lines(diff: str) -> str:
    lines = [
        line[1:].strip()
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    return " / ".join(lines) or "(line removed)"


def _original_lines(diff: str) -> str:
    lines = [
        line[1:].strip()
        for line in diff.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    return " / ".join(lines)


def _function(mutant: str) -> str:
    module, _, name = mutant.rpartition(".")
    name = name.partition("__mutmut_")[0]
    return f"{module}.{name.removeprefix('x_').replace('ǁ', '.').strip('.')}"


def _estimate(in_full: dict, in_sample: dict, what: str, title: str, how: str) -> list[str]:
    """The score when only a random sample of the mutants not run in full ran: each part
    weighted by how many mutants it stands for, with a 95 % (Wilson) interval for the sample."""
    tested = sum(in_sample[k] for k in ("killed", "survived", "timeout", "other"))
    if not tested:
        return []
    full = sum(in_full[k] for k in ("killed", "survived", "timeout", "other"))
    rest = in_full["unchecked"] + tested  # the sample stands for every mutant not run in full
    p, z = (in_sample["killed"] + in_sample["timeout"]) / tested, 1.96
    n = tested
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    full_score = (in_full["killed"] + in_full["timeout"]) / full if full else 0
    estimate = (full_score * full + p * rest) / (full + rest)
    return [
        f"## {title}",
        "",
        (f"Mutants checked in full: {full} ({100 * full_score:.1f} % killed). " if full else "")
        + f"Of the {'other ' if full else ''}{rest}, {how.format(tested=tested)}: "
        f"{100 * p:.1f} % killed (95 % interval "
        f"{100 * (centre - half):.1f}-{100 * (centre + half):.1f} %). **Estimated score of "
        f"all {what}: {100 * estimate:.1f} %.**",
        "",
    ]


def _previous_report() -> tuple[dict, dict, list[str]]:
    """From the committed report: the counts per module, its survivors per module (function,
    status, original, mutation) and the services' sample section. mutants/ is per checkout and
    not committed, so a run in a new checkout holds verdicts for the modules it ran only."""
    if not REPORT.exists():
        return {}, {}, []
    text = REPORT.read_text()
    rows = {
        path: dict(
            zip(
                ("killed", "survived", "timeout", "other", "unchecked"), map(int, nums), strict=True
            )
        )
        for path, *nums in re.findall(
            r"^\| `([^`]+)`[^|]*\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", text, re.M
        )
    }
    survivors: dict[str, list] = {}
    for function, note, original, mutation in re.findall(
        r"^- `([^`]+)`( \([a-z ]+\))?: `(.*)` → `(.*)` — .*$", text, re.M
    ):
        module = max(
            (m for m in rows if function.startswith(_dotted(m) + ".")), key=len, default=""
        )
        status = note.strip(" ()") or "survived"
        survivors.setdefault(module, []).append((function, status, original, mutation))
    section = re.search(r"^## Services: .*?(?=^## )", text, re.M | re.S)
    return rows, survivors, section.group(0).splitlines() if section else []


def _dotted(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def report() -> int:
    os.chdir(ROOT)
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    reasons = {
        (entry["function"], entry["mutation"]): entry["reason"]
        for entry in tomllib.loads(SURVIVORS.read_text()).get("survivor", [])
    }
    drawn, planned = set(), set()
    if SAMPLE.exists():
        drawn = {line for line in SAMPLE.read_text().splitlines() if not line.startswith("#")}
    if PARSER_PLAN.exists():
        planned = {
            line.split()[0] for line in PARSER_PLAN.read_text().splitlines() if line[:1] != "#"
        }
    rows, survivors, totals = (
        [],
        [],
        dict.fromkeys(("killed", "survived", "timeout", "other", "unchecked"), 0),
    )
    parsers, services = dict.fromkeys(totals, 0), dict.fromkeys(totals, 0)
    in_full, in_sample = dict.fromkeys(totals, 0), dict.fromkeys(totals, 0)
    parsers_full, parsers_sample = dict.fromkeys(totals, 0), dict.fromkeys(totals, 0)
    previous_rows, previous_survivors, previous_sample = _previous_report()
    kept = set()
    for path, data in _mutation_data():
        counts = dict.fromkeys(totals, 0)
        for mutant, code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[code]
            key = (
                "unchecked" if status == "not checked" else status if status in counts else "other"
            )
            counts[key] += 1
            if _is_service(path):
                (in_sample if mutant in drawn else in_full)[key] += 1
            if "/parsers/" in str(path):
                # The plan runs in a random order: the part of it checked is a random sample.
                sampled = mutant in planned and key != "unchecked"
                (parsers_sample if sampled else parsers_full)[key] += 1
            if status in ("survived", "no tests", "suspicious"):
                diff = get_diff_for_mutant(mutant, path=path)
                function = _function(mutant)
                mutation = _mutated_lines(diff)
                reason = reasons.get((function, mutation), "not reviewed yet")
                survivors.append((function, status, _original_lines(diff), mutation, reason))
        module = str(path).removeprefix("src/")
        if counts["unchecked"] == len(data.exit_code_by_key) and module in previous_rows:
            # No verdict here: keep the previous report's (its functions may have changed since).
            kept.add(module)
            counts = previous_rows[module]
            survivors += [
                (*survivor, reasons.get((survivor[0], survivor[3]), "not reviewed yet"))
                for survivor in previous_survivors.get(module, [])
            ]
        for key, value in counts.items():
            totals[key] += value
            if "/parsers/" in str(path):
                parsers[key] += value
            if _is_service(path):
                services[key] += value
        rows.append((str(path), counts))

    def score(c) -> str:
        tested = c["killed"] + c["survived"] + c["timeout"] + c["other"]  # not the unchecked
        return f"{100 * (c['killed'] + c['timeout']) / tested:.1f} %" if tested else "-"

    out = [
        "# Mutation report",
        "",
        f"Written by `scripts/mutation.py report` on {date.today():%Y-%m-%d} after `{COMMAND}` "
        "(mutmut 3, non-browser tests, SQLite). A mutant is a one-line change to the code "
        "(`<` for `<=`, `and` for `or`, a string or argument left out, ...); it is *killed* "
        "when a test fails on it. Score = (killed + timeout) / mutants checked. 'other' counts "
        "mutants that no test reaches; 'unchecked' those the run did not get to (mutmut "
        "runs the quickest first and resumes where it stopped).",
        "",
        *(
            [
                "A module marked *(earlier)* has no verdicts in this checkout's mutants/: its "
                "row and survivors are carried over from the previous report.",
                "",
            ]
            if kept
            else []
        ),
        "| module | killed | survived | timeout | other | unchecked | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| `{path.removeprefix('src/')}`{' *(earlier)*' * (path.removeprefix('src/') in kept)}"
        f" | {c['killed']} | {c['survived']} | {c['timeout']} "
        f"| {c['other']} | {c['unchecked']} | {score(c)} |"
        for path, c in rows
    ]
    out += [
        f"| **services together** (every `services.py` and `services/`) | {services['killed']} "
        f"| {services['survived']} | {services['timeout']} | {services['other']} "
        f"| {services['unchecked']} | {score(services)} |",
        f"| **parsers together** | {parsers['killed']} | {parsers['survived']} | "
        f"{parsers['timeout']} | {parsers['other']} | {parsers['unchecked']} | {score(parsers)} |",
        f"| **all** | {totals['killed']} | {totals['survived']} | {totals['timeout']} "
        f"| {totals['other']} | {totals['unchecked']} | {score(totals)} |",
        "",
        *(
            previous_sample
            if all(
                m in kept
                for m in (str(p).removeprefix("src/") for p, _c in rows)
                if _is_service(Path(m))
            )
            else _estimate(
                in_full,
                in_sample,
                "services",
                "Services: the slow mutants by a random sample",
                "the ones whose tests take longest, `scripts/mutation.py sample` ran a seeded "
                "random {tested} (listed in `docs/mutation-sample.txt`)",
            )
        ),
        *(
            _estimate(
                parsers_full,
                parsers_sample,
                "parsers",
                "Parsers: a random sample where the run did not finish",
                "`scripts/mutation.py check docs/mutation-parsers-plan.txt` checked the first "
                "{tested} of a seeded random order, each against its parser's tests only (a "
                "lower bound: another test might kill a survivor)",
            )
            if parsers["unchecked"]
            else []
        ),
        "## Mutants that survive",
        "",
        "Each with why no test kills it (reasons live in `docs/mutation-survivors.toml`).",
        "",
    ]
    for function, status, original, mutation, reason in survivors:
        status_note = "" if status == "survived" else f" ({status})"
        out.append(f"- `{function}`{status_note}: `{original}` → `{mutation}` — {reason}")
    REPORT.write_text("\n".join(out) + "\n")
    print(
        f"Wrote {REPORT.relative_to(ROOT)}: services {score(services)}, parsers "
        f"{score(parsers)}, all {score(totals)} killed"
    )
    return 0


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
        sys.exit(report())
    # Anything else (--help, a typo) must not fall through to report: that would overwrite
    # docs/mutation-report.md with the figures of a mutants/ folder that may not exist.
    print(__doc__, file=sys.stderr)
    sys.exit(2)
