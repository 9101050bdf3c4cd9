"""``python -m toolkit.report.preview``: a picture of the draft's first page for the docs.

Drafts the sample's 2024-Q1 report from the seed's figures (the master's preview returns),
converts it to PDF with LibreOffice and writes its first page to docs/img/report-first-page.png
(pdftoppm).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from ..master.preview import seed_submissions
from ..workspace import SAMPLE_ROOT, Workspace
from .build import build_report

OUT = SAMPLE_ROOT / "docs" / "img" / "report-first-page.png"


def main() -> int:
    from ..libreoffice import convert
    from ..master import build_master

    ws = Workspace.sample()
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        master = build_master(
            ws, "2024-Q1", seed_submissions(ws), Path(tmp) / "tong-hop-2024-Q1.xlsx", now=datetime(2024, 3, 25, 8, 0)
        )
        r = build_report(ws, "2024-Q1", out=Path(tmp) / "bao-cao-2024-Q1.docx", master=master, today=date(2024, 3, 25))
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
