"""``python -m toolkit.report.preview``: a picture of the draft's first page for the docs.

Drafts the sample's 2024-Q1 report from the seed's figures (the master's preview returns) and
the demo's texts (the units' words from the seed's prose), converts it to PDF with LibreOffice
and writes its first page to docs/img/report-first-page.png (pdftoppm).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from ..demo import seed_texts
from ..libreoffice import convert
from ..master import Submission, build_master
from ..master.preview import seed_submissions
from ..narrative import TextRecord
from ..periods import Period
from ..records import FileReport
from ..workspace import Workspace
from .build import build_report

OUT = Path(__file__).resolve().parents[2] / "docs" / "img" / "report-first-page.png"  # a developer's tool: the checkout


def with_texts(ws: Workspace, period: Period, subs: list[Submission]) -> list[Submission]:
    """The returns with what each unit wrote on its "Thuyết minh" sheet in the demo."""
    texts = seed_texts(ws, period)
    out = []
    for s in subs:
        recs = [TextRecord(s.unit, period.code, *key, text) for key, text in texts.get(s.unit, {}).items()]
        report = FileReport(path=f"{s.unit}.xlsx", unit=s.unit, period=period.code, values=s.values, texts=recs)
        out.append(Submission(s.unit, s.values, report=report, received_at=s.received_at))
    return out


def main() -> int:
    ws = Workspace.sample()
    period = Period.parse("2024-Q1")
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        subs = with_texts(ws, period, seed_submissions(ws))
        master = build_master(ws, period, subs, Path(tmp) / "tong-hop-2024-Q1.xlsx", now=datetime(2024, 3, 25, 8, 0))
        r = build_report(ws, period, out=Path(tmp) / "bao-cao-2024-Q1.docx", master=master, today=date(2024, 3, 25))
        if not r.written or r.path is None:
            print(*(f.message_en for f in r.findings), sep="\n", file=sys.stderr)
            return 1
        pdf = convert(r.path, "pdf", Path(tmp))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUT.with_suffix(""))],
            check=True,
        )
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
