"""``python -m toolkit.gate FILE...``: read files through the gate and print the verdicts.

Exit status (as every baocao command): 0 when every file passed (warnings allowed), 1 when
a file was read but has error findings, 2 when a file is unusable (refused before a
workbook could be read) or for a usage error. Findings are printed in Vietnamese (``--lang en`` for English) or as
JSON lines (``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys

from toolkit.gate import Limits, read_many, read_workbook


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m toolkit.gate", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--json", action="store_true", help="one JSON object per file")
    ap.add_argument("--lang", choices=("vi", "en"), default="vi")
    ap.add_argument("--isolated", action="store_true", help="read in child processes (hard bounds)")
    ap.add_argument("--workspace", help="workspace folder whose workspace.yaml 'gate:' sets limits")
    ap.add_argument("--max-row", type=int)
    ap.add_argument("--max-col", type=int)
    args = ap.parse_args(argv)
    try:
        limits = Limits.load(args.workspace)
    except ValueError as exc:
        print(f"baocao gate: {exc}", file=sys.stderr)
        return 2
    if args.isolated:
        results = read_many(args.files, limits, max_row=args.max_row, max_col=args.max_col)
    else:
        results = [read_workbook(f, limits, max_row=args.max_row, max_col=args.max_col) for f in args.files]
    status = 0
    for r in results:
        if r.book is None:
            status = 2
        elif not r.ok:
            status = max(status, 1)
        if args.json:
            print(
                json.dumps(
                    {
                        "path": r.path,
                        "ok": r.ok,
                        "size": r.size,
                        "sha256": r.sha256,
                        "elapsed": round(r.elapsed, 4),
                        "sheets": r.book.sheet_names if r.book else None,
                        "findings": [f.to_dict() for f in r.findings],
                    },
                    ensure_ascii=False,
                )
            )
            continue
        print(f"{'OK ' if r.ok else 'REJECTED'} {r.path}")
        for f in r.findings:
            where = f" [{f.where()}]" if f.sheet or f.cell else ""
            print(f"  {f.severity.value}: {f.code}{where}: {f.message(args.lang)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
