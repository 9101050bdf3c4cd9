"""``python -m toolkit.validate.preview``: pictures of a feedback copy for the docs.

Phường 3's Q1/2024 return, filled with the seed's figures and the mistakes clerks make (a
figure left empty, a number typed with its unit, a rate typed as a fraction when the unit
types a rate), is validated,
its annotated copy written (the fast writer) and printed to PDF by LibreOffice, as
tests/test_rendering.py does. Page 1, the list sheet "Lỗi cần sửa", goes to
docs/img/feedback-list.png; the first page of the form with its flagged cells to
docs/img/feedback-form.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..demo import seed_fills
from ..forms import write_form
from ..libreoffice import convert, pdf_page_png, pdf_pages_text
from ..numbers import fmt
from ..periods import Period
from ..workspace import Workspace
from .feedback import write_feedback
from .feedback_list import FEEDBACK_SHEET
from .run import validate_file

if TYPE_CHECKING:
    from ..forms.writer import FillValue

IMG = Path(__file__).resolve().parents[2] / "docs" / "img"  # a developer's tool: the checkout


def mistaken_fill(ws: Workspace, unit: str, period: Period) -> dict[tuple[str, str], FillValue]:
    """The unit's seed figures with three of the mistakes clerks make."""
    numbers = dict(seed_fills(ws).get(unit, {}))
    typed = [i for i in ws.indicators_for(unit, period) if (i.code, "value") in numbers and i.is_input]
    required = next((i for i in typed if i.required), None)
    if required is not None:
        numbers.pop((required.code, "value"))
    fill: dict[tuple[str, str], FillValue] = dict(numbers)
    number = next(
        (i for i in typed if i.type in ("integer", "decimal") and (numbers.get((i.code, "value")) or 0) >= 100), None
    )
    if number is not None:
        fill[(number.code, "value")] = f"{fmt(numbers[(number.code, 'value')])} {number.unit}"
    rate = next((i for i in typed if i.type == "percent" and (numbers.get((i.code, "value")) or 0) > 1), None)
    if rate is not None:
        fill[(rate.code, "value")] = round(float(numbers[(rate.code, "value")]) / 100, 4)
    return fill


def main() -> int:
    ws = Workspace.sample()
    period = Period.parse("2024-Q1")
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        src = write_form(ws, "P3", period, Path(tmp) / "2024-Q1_P3.xlsx", fill=mistaken_fill(ws, "P3", period)).path
        report = validate_file(src, ws)
        copy = write_feedback(report, src, Path(tmp) / "gop-y")
        pdf = convert(copy, "pdf", Path(tmp))
        pages = pdf_pages_text(pdf)
        if FEEDBACK_SHEET not in pages[0]:
            print("the list sheet is not the first printed page", file=sys.stderr)
            return 1
        form = next((n for n, text in enumerate(pages, start=1) if "CỘNG HÒA" in text), 2)
        pdf_page_png(pdf, 1, IMG / "feedback-list.png", dpi=80)
        pdf_page_png(pdf, form, IMG / "feedback-form.png", dpi=80)
    print(IMG / "feedback-list.png", IMG / "feedback-form.png", sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
