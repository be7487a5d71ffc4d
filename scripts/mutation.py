"""Mutation testing: does a test fail when the code is wrong? See docs/decisions/ (mutation).

    scripts/mutation.py run [MUTANT-GLOB ...]   mutate, run the tests per mutant (mutmut 3)
    scripts/mutation.py sample N                run N random service mutants not yet checked
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
import tomllib
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "mutation-report.md"
SURVIVORS = ROOT / "docs" / "mutation-survivors.toml"
SAMPLE = ROOT / "docs" / "mutation-sample.txt"
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


def _estimate(in_full: dict, in_sample: dict) -> list[str]:
    """The services' score when only a random sample of the slowest mutants ran: each part
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
        "## Services: the slow mutants by a random sample",
        "",
        f"Mutants checked in full: {full} ({100 * full_score:.1f} % killed). The other {rest} "
        f"are the ones whose tests take longest; `scripts/mutation.py sample` ran a seeded "
        f"random {tested} of them (listed in `docs/mutation-sample.txt`): "
        f"{100 * p:.1f} % killed (95 % interval {100 * (centre - half):.1f}-"
        f"{100 * (centre + half):.1f} %). **Estimated score of all services: "
        f"{100 * estimate:.1f} %.**",
        "",
    ]


def report() -> int:
    os.chdir(ROOT)
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    reasons = {
        (entry["function"], entry["mutation"]): entry["reason"]
        for entry in tomllib.loads(SURVIVORS.read_text()).get("survivor", [])
    }
    drawn = set()
    if SAMPLE.exists():
        drawn = {line for line in SAMPLE.read_text().splitlines() if not line.startswith("#")}
    rows, survivors, totals = (
        [],
        [],
        dict.fromkeys(("killed", "survived", "timeout", "other", "unchecked"), 0),
    )
    parsers, services = dict.fromkeys(totals, 0), dict.fromkeys(totals, 0)
    in_full, in_sample = dict.fromkeys(totals, 0), dict.fromkeys(totals, 0)
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
            if status in ("survived", "no tests", "suspicious"):
                diff = get_diff_for_mutant(mutant, path=path)
                function = _function(mutant)
                mutation = _mutated_lines(diff)
                reason = reasons.get((function, mutation), "not reviewed yet")
                survivors.append((function, status, _original_lines(diff), mutation, reason))
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
        "| module | killed | survived | timeout | other | unchecked | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| `{path.removeprefix('src/')}` | {c['killed']} | {c['survived']} | {c['timeout']} "
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
        *_estimate(in_full, in_sample),
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
