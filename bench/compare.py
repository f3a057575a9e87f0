"""The results as a Markdown table, for docs/performance.md and the issue's closing note:
``python -m bench.compare bench/results.json`` (one run) or
``python -m bench.compare bench/results-before.json bench/results.json`` (before → after)."""

import json
import sys
from pathlib import Path


def _cell(before, after, key, digits=1):
    value = after[key]
    if before is None:
        return f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    old = before[key]
    if isinstance(value, float):
        return f"{old:.{digits}f} → {value:.{digits}f}"
    return f"{old} → {value}"


def markdown(after: dict, before: dict | None = None) -> str:
    olds = {(p["name"], p["role"]): p for p in (before or {}).get("pages", [])}
    lines = [
        "| page | role | queries small/full | p50 ms | p95 ms | rps | ratio to floor | growth |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in after["pages"]:
        old = olds.get((page["name"], page["role"])) if before else None
        queries = f"{page['queries_small']}/{page['queries_full']}"
        if old:
            queries = f"{old['queries_small']}/{old['queries_full']} → {queries}"
        growth_now = page["growth"]["ratio"]
        growth = f"{old['growth']['ratio']:.2f} → {growth_now:.2f}" if old else f"{growth_now:.2f}"
        lines.append(
            f"| {page['name']} | {page['role']} | {queries} | {_cell(old, page, 'p50_ms')} | "
            f"{_cell(old, page, 'p95_ms')} | {_cell(old, page, 'rps')} | "
            f"{_cell(old, page, 'ratio', 2)} | {growth} |"
        )
    pdf, mail = after["pdf"], after["delivery"]
    old_pdf = (before or {}).get("pdf")
    old_mail = (before or {}).get("delivery")
    lines += [
        "",
        f"- floor: {_cell(before and before['pages'][0], after['pages'][0], 'floor_rps')} rps",
        f"- minutes PDF: project {_cell(old_pdf, pdf, 'project_s', 3)} s, bare WeasyPrint "
        f"{_cell(old_pdf, pdf, 'bare_s', 3)} s, ratio {_cell(old_pdf, pdf, 'ratio', 2)}; "
        f"trajectory report render {_cell(old_pdf, pdf, 'report_s', 3)} s",
        f"- minutes to 15 absentees: 15th email after {_cell(old_mail, mail, 'fanout_15_s', 2)} s, "
        f"renders {_cell(old_mail, mail, 'renders')}",
    ]
    for label, run in (("before", before), ("after" if before else "run", after)):
        if run:
            machine = run["machine"]
            lines.append(
                f"- {label}: {run['timestamp']}, commit {run['commit'][:12]}, "
                f"{machine['cores']} cores, load average {machine['load_start'][0]} at the "
                f"start and {machine['load_end'][0]} at the end"
            )
    return "\n".join(lines)


def main(paths: list[str]) -> None:
    runs = [json.loads(Path(path).read_text()) for path in paths]
    after = runs[-1]
    before = runs[0] if len(runs) > 1 else None
    print(markdown(after, before))


if __name__ == "__main__":
    main(sys.argv[1:])
