"""The report of scripts/mutation.py: docs/mutation-report.md from this checkout's mutants/,
with the rows of modules it has no verdicts for carried over from the committed report."""

import fnmatch
import math
import os
import re
import tomllib
from datetime import date
from pathlib import Path

from mutation import (
    COMMAND,
    PARSER_PLAN,
    REPORT,
    ROOT,
    SAMPLE,
    SURVIVORS,
    _is_service,
    _mutation_data,
)


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


def _previous_report() -> tuple[dict, dict, list[str], list[str]]:
    """From the committed report: the counts per module, its survivors per module (function,
    status, original, mutation), the services' sample section and the parsers' one. mutants/ is
    per checkout and not committed, so a run in a new checkout holds verdicts for the modules
    it ran only."""
    if not REPORT.exists():
        return {}, {}, [], []
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
    sections = [
        re.search(rf"^## {title}: .*?(?=^## )", text, re.M | re.S)
        for title in ("Services", "Parsers")
    ]
    return rows, survivors, *(m.group(0).splitlines() if m else [] for m in sections)


def _key(status: str) -> str:
    """The report's column of a mutmut status."""
    return status if status in ("killed", "survived", "timeout") else "other"


def _carried_estimate(services: dict, previous: list[str]) -> list[str]:
    """The services' estimate when some rows are carried over: the mutants checked as they
    are, those not checked at the killed rate of the earlier random sample (whose mutants are
    among the checked ones), with its 95 % interval."""
    found = re.search(
        r"seeded random (\d+) .*?: ([\d.]+) % killed \(95 % interval ([^)]*)\)", " ".join(previous)
    )
    if not found:
        return previous
    n, p, interval = int(found.group(1)), float(found.group(2)) / 100, found.group(3)
    checked = sum(services[k] for k in ("killed", "survived", "timeout", "other"))
    killed = services["killed"] + services["timeout"]
    rest = services["unchecked"]
    estimate = (killed + p * rest) / (checked + rest)
    return [
        "## Services: the slow mutants by a random sample",
        "",
        f"Mutants checked: {checked} ({100 * killed / checked:.1f} % killed), the earlier "
        f"random sample of {n} of the slowest among them (`scripts/mutation.py sample`, listed "
        f"in `docs/mutation-sample.txt`: {100 * p:.1f} % killed, 95 % interval {interval}). "
        f"The {rest} not checked counted at the sample's rate: **estimated score of all "
        f"services: {100 * estimate:.1f} %.**",
        "",
    ]


def _dotted(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def _mark(module: str, kept: set, merged: dict, replaced: dict) -> str:
    if module in kept:
        return " *(earlier)*"
    if module in merged:
        return " *(earlier; its survivors checked again)*"
    if module in replaced:
        return " *(checked again after the stderr fix)*"
    return ""


RECHECK_PLAN = ROOT / "docs" / "mutation-recheck-plan.txt"


def _recheck_progress(verdicts: dict) -> list[str]:
    """How far `check docs/mutation-recheck-plan.txt` got: per glob, mutants checked of all."""
    if not RECHECK_PLAN.exists():
        return []
    progress = []
    for line in RECHECK_PLAN.read_text().splitlines():
        if line[:1] in ("#", "") or not line.strip():
            continue
        pattern = line.split()[0]
        matching = [k for m, k in verdicts.items() if fnmatch.fnmatch(m, pattern)]
        done = sum(k != "unchecked" for k in matching)
        progress.append(
            f"`{pattern.rpartition('.')[2].removesuffix('__mutmut_*')}` {done} of {len(matching)}"
        )
    return progress


def _recheck_note(merged: dict, replaced: dict, progress: list[str]) -> list[str]:
    """Which rows this checkout checked again, over a carried-over row."""
    if not merged and not replaced:
        return []
    lines = []
    if replaced:
        lines += [
            "A module marked *(checked again after the stderr fix)* had a carried-over row whose "
            "verdicts may be false kills: before commit c4d88b6 a mutant's forked session wrote "
            "'Logging error' into the stderr the collector's live-server tests read, so every "
            "mutant that no quicker test killed was killed by them. Its row now holds only the "
            "verdicts of this checkout (`scripts/mutation.py check "
            "docs/mutation-recheck-plan.txt`, a lower bound: only the tests named there ran); "
            "the rest of the module counts as unchecked. Checked again: "
            + "; ".join(f"`{m}` ({', '.join(f)})" for m, f in sorted(replaced.items()))
            + ". How far the plan got (mutants checked of each function's; a function not "
            "reached keeps its earlier, doubtful verdicts inside its module's carried-over row, "
            "or counts as unchecked when that module was checked again): "
            + "; ".join(progress)
            + ".",
            "",
        ]
    if merged:
        lines += [
            "A module marked *(earlier; its survivors checked again)* keeps the carried-over row, "
            "with the earlier survivors checked again here (`scripts/mutation.py check "
            "docs/mutation-survivors-plan*.txt`) counted by their new verdict: "
            + "; ".join(
                f"`{m}` {n} checked again, {k} now killed" for m, (n, k) in sorted(merged.items())
            )
            + ".",
            "",
        ]
    return lines


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
    previous_rows, previous_survivors, previous_sample, previous_parsers = _previous_report()
    kept, merged, replaced, verdicts = set(), {}, {}, {}
    for path, data in _mutation_data():
        counts = dict.fromkeys(totals, 0)
        module = str(path).removeprefix("src/")
        checked = []  # (function, mutation, key) of each mutant with a verdict here
        for mutant, code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[code]
            key = (
                "unchecked" if status == "not checked" else status if status in counts else "other"
            )
            counts[key] += 1
            verdicts[mutant] = key
            if _is_service(path):
                (in_sample if mutant in drawn else in_full)[key] += 1
            if "/parsers/" in str(path):
                # The plan runs in a random order: the part of it checked is a random sample.
                sampled = mutant in planned and key != "unchecked"
                (parsers_sample if sampled else parsers_full)[key] += 1
            if key != "unchecked" and (
                module in previous_rows or status in ("survived", "no tests", "suspicious")
            ):
                diff = get_diff_for_mutant(mutant, path=path)
                function, mutation = _function(mutant), _mutated_lines(diff)
                checked.append((function, mutation, key))
            if status in ("survived", "no tests", "suspicious"):
                reason = reasons.get((function, mutation), "not reviewed yet")
                survivors.append((function, status, _original_lines(diff), mutation, reason))
        earlier = previous_survivors.get(module, [])
        earlier_keys = {(s[0], s[3]): s[1] for s in earlier}
        if counts["unchecked"] == len(data.exit_code_by_key) and module in previous_rows:
            # No verdict here: keep the previous report's (its functions may have changed since).
            kept.add(module)
            counts = previous_rows[module]
            survivors += [
                (*survivor, reasons.get((survivor[0], survivor[3]), "not reviewed yet"))
                for survivor in earlier
            ]
        elif module in previous_rows and all((f, m) in earlier_keys for f, m, _k in checked):
            # Only the previous report's survivors were checked again here: its row with their
            # new verdicts in place of the old ones.
            counts = dict(previous_rows[module])
            for function, mutation, key in checked:
                counts[_key(earlier_keys[(function, mutation)])] -= 1
                counts[key] += 1
            again = {(f, m) for f, m, _k in checked}
            merged[module] = (len(checked), sum(k in ("killed", "timeout") for *_fm, k in checked))
            survivors += [
                (*survivor, reasons.get((survivor[0], survivor[3]), "not reviewed yet"))
                for survivor in earlier
                if (survivor[0], survivor[3]) not in again
            ]
        elif module in previous_rows:
            replaced[module] = sorted({f.rpartition(".")[2] for f, _m, _k in checked})
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
        *_recheck_note(merged, replaced, _recheck_progress(verdicts)),
        "| module | killed | survived | timeout | other | unchecked | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| `{path.removeprefix('src/')}`{_mark(path.removeprefix('src/'), kept, merged, replaced)}"
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
            (
                previous_sample
                if not merged and not replaced
                else _carried_estimate(services, previous_sample)
            )
            if any(
                m in kept or m in merged or m in replaced
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
            if parsers["unchecked"] and any(parsers_sample.values())
            else previous_parsers
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
