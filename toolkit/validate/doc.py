"""Generate docs/findings.md: every registered finding code of every area, and the JSON format.

    python -m toolkit.validate.doc > docs/findings.md

Code modules are found by name (``toolkit/*_codes.py`` and ``toolkit/**/codes.py``) and
imported, so that a new area's codes are documented without editing this file.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from ..findings import Code, registry

ROOT = Path(__file__).resolve().parent.parent
AREA_TITLES = {
    "catalog": (
        "Định nghĩa thư mục làm việc",
        "Workspace definitions (catalog, units, targets, baseline)",
        "For the office that edits `templates/`: each names the file and line.",
    ),
    "gate": (
        "Cổng đọc tệp",
        "Reading gate",
        "The file itself: format, package, safety limits. Nothing is read past a gate error.",
    ),
    "identity": ("Nhận dạng biểu mẫu", "Form identity", "Which unit, period and catalog the returned form is for."),
    "structure": (
        "Cấu trúc biểu mẫu",
        "Form structure",
        "Sheets, rows, codes, labels, formulas and protection, each at its A1 address.",
    ),
    "value": ("Số liệu", "Values", "What was typed in each input cell, and how it was read."),
    "rule": (
        "Quy tắc giữa các ô",
        "Rules across cells",
        "Parts and wholes, ratios, year-to-date, change against last year, outliers among units.",
    ),
    "intake": ("Tiếp nhận và lưu trữ", "Intake and archive", "Filing returned files and their versions."),
    "text": (
        "Thuyết minh",
        "Units' texts",
        "The text blocks of the Thuyết minh sheet: required, length, formulas, control characters.",
    ),
    "master": ("Tổng hợp", "Consolidation", "Building the master workbook."),
    "report": ("Dự thảo báo cáo", "Report draft", "Writing the Word draft of the period's report."),
}


def code_modules() -> list[str]:
    """Dotted names of the modules that register finding codes."""
    out = []
    for p in sorted(ROOT.rglob("*.py")):
        if p.name == "codes.py" or p.name.endswith("_codes.py"):
            rel = p.relative_to(ROOT.parent).with_suffix("")
            out.append(".".join(rel.parts))
    return out


def load_all() -> dict[str, Code]:
    """Import every code module; the full registry."""
    for name in code_modules():
        importlib.import_module(name)
    return registry()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


JSON_DOC = """\
## `baocao validate --json` and `--jsonl`

One JSON document on standard output (UTF-8, Vietnamese text unescaped), written as it is
made: each file's report is printed as soon as it is done (one file a line), and nothing of
a file is kept once printed, so 10.000 files take no more memory than ten. The format
`baocao-validate/2` is stable: fields may be added, never renamed or removed. (`/1` had the
values one object each and the cross-unit warnings inside the files: `--values full` gives
the former; the latter need every file first, so they now come after the files.)

```json
{
  "format": "baocao-validate/2",
  "workspace": "/path/to/workspace",
  "catalog_version": "5105922a5793",
  "lang": "vi",
  "archive": true,
  "files": [
    {"format": "baocao-report/2",
     "path": "inbox/2024-Q1_P1_Phuong-1.xlsx",
     "sha256": "…", "size": 18944,
     "unit": "P1", "period": "2024-Q1",
     "catalog_version": "5105922a5793", "template_id": "2024-Q1/P1/18b08f72",
     "valid": false, "errors": 1, "warnings": 1,
     "findings": [
       {"code": "value-above-max", "severity": "error",
        "message_vi": "Ô E17 (Đàn gia súc, cột Thực hiện kỳ này) là 60.000, vượt mức tối đa …",
        "message_en": "Cell E17 (Đàn gia súc, this period) is 60.000, above the plausible maximum …",
        "file": "inbox/2024-Q1_P1_Phuong-1.xlsx", "sheet": "Biểu số liệu", "cell": "E17",
        "indicator": "NN.GIA_SUC", "column": "value", "value": "60.000", "expected": "50.000",
        "line": null}
     ],
     "value_fields": ["indicator", "column", "value", "sheet", "cell"],
     "values": [["NN.GIA_SUC", "value", 60000.0, "Biểu số liệu", "E17"]],
     "feedback": "gop-y/2024-Q1_P1_Phuong-1_loi-can-sua.xlsx"}
  ],
  "cross_unit": [],
  "summary": {"files": 1, "valid": 0, "invalid": 1, "errors": 1, "warnings": 1, "exit_code": 1}
}
```

* `files[]` in the order of the paths (folders expanded and sorted): each is
  :meth:`toolkit.records.FileReport.to_dict` with its values as rows of `value_fields`
  (format `baocao-report/2`, also what intake stores beside each archived version), plus
  `feedback` when `--feedback DIR` wrote a copy. `--values full`: one object a value
  (`unit`, `period`, `indicator`, `column`, `value`, `sheet`, `cell`, `source`, `version`;
  format `baocao-report/1`); `--values none`: no `values`.
* A finding: `code` (the tables below), `severity` (`error` | `warning` | `info`),
  `message_vi`/`message_en`, and where: `file`, `sheet`, `cell` (Excel A1, never a 0-based
  index), `indicator` (catalog code), `column` (`value` | `ytd` | `same_period` | `note`),
  `value` (what the cell showed, numbers formatted the Vietnamese way), `expected`, `line`
  (for text files). Optional `extra` holds the message's other fields.
* `values`: the long table of the file, one row per mapped cell: `value` is a number
  (as read, formulas recomputed from the figures as read), the note's text, or `null`
  when empty or unreadable.
* `cross_unit[]`: `outlier-among-units` warnings (a figure far from the other units of the
  same kind), known only once every file is read; each names its `file`. They are counted
  in `summary.warnings`, not in their file's `warnings`, and never change a file's validity.
* `--jsonl` prints the same as JSON Lines (format `baocao-validate-lines/1`), one object a
  line, each with its `record`: `start` (the first line: `format`, `workspace`,
  `catalog_version`, `lang`, `archive`), `file` (a report as above), `cross_unit` (a
  finding), `summary` (the last line).
* Exit code: 0 every file valid (warnings allowed), 1 some file has errors, 2 nothing usable
  to validate (no such path, no workbook in the folders) or wrong options.
"""

INTRO = """\
# Findings: every code, what it means, what the sender is told

Generated by `python -m toolkit.validate.doc > docs/findings.md`; a test fails when a
registered code is missing here. Every problem baocao finds is a *finding*: data with a
stable code, a severity, where it is (file, sheet, A1 cell, indicator, column, or file
and line for definition files), the value seen and the value expected, and a message in
Vietnamese and English written for the person who must fix it (`{field}` marks are filled
in). A file is valid when it has no error; warnings are shown but do not stop intake.

How validation decides (toolkit/validate):

* **Identity** comes from the form's very hidden sheet `_baocao`, with the defined names
  `baocao_unit`/`baocao_period`/`baocao_catalog`/`baocao_template` as a second copy; the
  file name is never trusted. A workbook without either is `not-a-form`: its values are not
  read, even with `--unit`/`--period` (a hand-made sheet has no reliable cell map; the
  message asks for the form that was sent).
* **Structure**: each indicator's row is found by its code in the code column, so figures
  are read where they are, even after inserted, deleted or sorted rows; what moved is
  reported at the address where the code is now. Columns are found by their titles in the
  table's header row: an inserted, deleted or moved column is one finding at the header
  cell (`column-inserted`, `column-deleted`, `column-moved`), and the figures are read
  where they are now, never a finding on every row. Rows sorted within a block are one
  `rows-sorted` (the figures read by code, the block's formulas computed again by code);
  a merge that hides a figure is `cells-merged`; a cleared formula is `formula-cleared`
  and a cleared prefilled figure `prefilled-cleared` (the accepted one is used). An extra
  sheet that is a copy of the form with figures typed into it is `sheet-copied` (only the
  form sheet counts). Labels and formulas are compared only when the fingerprint of the
  locked content differs. Figures typed outside the input cells are
  reported (unlocked cells anywhere; numbers in the data columns or right of the table).
  LibreOffice drops the workbook structure lock on every save, so `structure-unlocked` is
  not reported for files it saved; other programs that drop it (Gnumeric) get
  `structure-lock-dropped` (information: the program did it, not the clerk) when nothing
  else in the form changed, `structure-unlocked` otherwise and always for Excel, which keeps
  the lock when it saves.
* **Values**: text is read with every plausible Vietnamese/English reading; one reading is
  accepted with a warning saying how; several are narrowed by the type (counts are whole
  numbers), the bounds of the cell (the catalog's, widened for multi-quarter flows, as the
  form states them), and a reference figure (the same period last year on the form, or
  the previous quarter / last year from the archive and baseline: a reading within 3× of it
  when the other is 10× away). Still several: an error proposing the likely one. A
  percentage between 0 and 1 is `percent-as-fraction` when the reference is above 1, or,
  without a reference, when it has more decimals than the form asks for. A number is read
  as the cell's number format shows it: a date (15/03/2024, stored as 45366) is
  `value-is-date`, never a figure; a rate typed with Excel's % format (93,35%, stored as
  0,9335) is read as 93,35 with `value-percent-format`. A formula typed into an input cell
  is computed again from the cells it reads (numbers, references, `+ - * / ^`, `SUM` of
  cells and ranges): a stored result that differs (calculation set to manual) is
  `input-formula-stale` and the computed value is read; one that cannot be computed (another
  function, another sheet) is read as stored with `input-formula-unchecked`. A note longer
  than the form's limit is `note-too-long` (kept whole).
* **Long table**: required values, bounds and whole numbers are checked by a pandera schema
  built from the catalog, over the long table of one file or of a whole batch.
* **Rules**: formula results are recomputed from the figures as read (a stored result that
  differs: `formula-value-mismatch`; none stored: the recomputed value is used; a number
  stored where the formula's own inputs make it blank, as LibreOffice stores 0 with
  AutoCalculate off, is read as blank). Several intact formulas showing old results are one
  `formulas-not-recalculated` finding listing the cells: the cause is a file saved without
  recalculating, not a wrong formula each.
  Outliers: wards and communes are compared with each other when a batch holds at least 4;
  a robust z-score above 3,5 that is also 50 % (rates: 20 points) away from the median.

"""


def render(codes: dict[str, Code] | None = None) -> str:
    codes = codes if codes is not None else load_all()
    by_area: dict[str, list[Code]] = {}
    for c in codes.values():
        by_area.setdefault(c.area, []).append(c)
    order = [a for a in AREA_TITLES if a in by_area] + sorted(a for a in by_area if a not in AREA_TITLES)
    lines = [INTRO]
    lines.append("| area | codes | errors | warnings |\n|---|---|---|---|")
    for area in order:
        items = by_area[area]
        e = sum(1 for c in items if c.severity.value == "error")
        lines.append(f"| {area} | {len(items)} | {e} | {len(items) - e} |")
    lines.append("")
    for area in order:
        vi, en, what = AREA_TITLES.get(area, (area, area, ""))
        lines.append(f"## {area}: {vi} / {en}\n")
        if what:
            lines.append(what + "\n")
        lines.append("| code | severity | title | message (vi) | message (en) |\n|---|---|---|---|---|")
        for c in sorted(by_area[area], key=lambda c: c.code):
            lines.append(
                f"| `{c.code}` | {c.severity.value} | {_cell(c.title_vi)} / {_cell(c.title_en)} | "
                f"{_cell(c.message_vi)} | {_cell(c.message_en)} |"
            )
        lines.append("")
    lines.append(JSON_DOC)
    return "\n".join(lines)


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
