"""What Windows offices will hit, reproduced on Linux.

1. output redirected through a console code page that cannot hold Vietnamese;
2. Windows' 260-character path limit, for a workspace in a deep folder;
3. names that differ only in case or in Unicode normalisation (NTFS, APFS);
4. a return still open in Excel: it cannot be moved (or read);
5. ``validate`` outside a workspace, where the only definitions are the sample's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import child_env, run
from intake_support import ledger_rows, mini_workspace, run_intake, write_return

from toolkit.intake import fsutil
from toolkit.periods import Period
from toolkit.workspace import Workspace, init_workspace

Q1 = "2024-Q1"
WINDOWS_MAX_PATH = 260  # characters, the terminating NUL included


# --- 1. console encoding ------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_output_is_utf8_whatever_the_console(tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "tinh-hinh.txt"
    with open(out, "wb") as fh:  # a redirected stream, as `baocao ... > tinh-hinh.txt` gives
        r = subprocess.run(
            [sys.executable, "-m", "cli", "catalog", "show", "--section", "CDS"],
            cwd=tmp_path,
            env=child_env(PYTHONIOENCODING=encoding, PYTHONUTF8="0", BAOCAO_LANG="vi"),
            stdout=fh,
            stderr=subprocess.PIPE,
        )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    text = out.read_bytes().decode("utf-8")  # strict: every byte is UTF-8
    assert "Chuyển đổi số" in text or "chỉ tiêu" in text
    assert "mẫu có sẵn" in r.stderr.decode("utf-8")  # the note on stderr is UTF-8 too


# --- 2. path length -----------------------------------------------------------------------
def test_paths_stay_under_windows_limit_in_a_deep_workspace(tmp_path: Path) -> None:
    deep = tmp_path
    while len(str(deep)) < 120:
        deep = deep / "Bao cao kinh te xa hoi"
    deep = Path(str(deep)[:120].rstrip(" /"))
    assert len(str(deep)) >= 110
    ws = Workspace.open(init_workspace(deep))
    r = run("templates", "--period", Q1, ws=ws)
    assert r.exit_code == 0, r.output
    longest = max(ws.units.units.values(), key=lambda u: len(u.name))
    forms = sorted(ws.forms_dir(Period.parse(Q1)).glob("*.xlsx"))
    src = next(p for p in forms if f"_{longest.code}_" in p.name)
    long_name = f"Báo cáo {longest.name} gửi Văn phòng HĐND-UBND thị xã, bản chính thức đã sửa lần 2 (1).xlsx"
    ws.inbox.joinpath(long_name).write_bytes(src.read_bytes())  # filed: archive/, then processed/
    ws.inbox.joinpath("x" * 150 + ".xlsx").write_bytes(b"not a workbook")  # rejected/ with its reason
    res = run_intake(ws)
    assert res.summary.new_versions == 1 and res.summary.rejected == 1, res.summary
    r = run("consolidate", "--period", Q1, ws=ws)
    assert r.exit_code in (0, 1), r.output
    written = [p for p in ws.root.rglob("*") if p.is_file()]
    too_long = [str(p) for p in written if len(str(p)) + 1 > WINDOWS_MAX_PATH]
    print("longest path:", max(len(str(p)) for p in written))
    assert not too_long, too_long


# --- 3. case and normalisation ------------------------------------------------------------
def test_names_differing_only_in_case_or_normalisation_never_collide(tmp_path: Path) -> None:
    ws = mini_workspace(tmp_path / "ws")
    nfc = unicodedata.normalize("NFC", "Báo cáo Phường.xlsx")
    names = [nfc, unicodedata.normalize("NFD", nfc), nfc.upper().replace(".XLSX", ".xlsx"), "bad.xlsx", "BAD.XLSX"]
    units = ["P1", "P2", "LB"]
    for name, unit in zip(names, units, strict=False):
        sub = ws.inbox / f"from-{unit}"  # in separate folders: Linux could not hold them in one
        write_return(ws, unit, Q1, sub / name)
    (ws.inbox / "r1").mkdir()
    (ws.inbox / "r2").mkdir()
    (ws.inbox / "r1" / names[3]).write_bytes(b"first: not a workbook")
    (ws.inbox / "r2" / names[4]).write_bytes(b"second: not a workbook either")
    res = run_intake(ws)
    assert res.summary.new_versions == 3 and res.summary.rejected == 2, res.summary
    kept = [p for p in ws.submissions.rglob("*") if p.is_file() and "inbox" not in p.parts]
    folded = [unicodedata.normalize("NFC", str(p.relative_to(ws.root))).casefold() for p in kept]
    assert len(set(folded)) == len(folded), "two kept files would be one on NTFS/APFS"

    out = tmp_path / "gop-y"
    a, b = tmp_path / "a", tmp_path / "b"
    write_return(ws, "P1", Q1, a / "p1.xlsx", valid=False)
    write_return(ws, "P2", Q1, b / "P1.xlsx", valid=False)
    r = run("validate", str(a), str(b), "--feedback", str(out), ws=ws)
    assert r.exit_code == 1, r.output
    copies = sorted(out.iterdir())
    assert len(copies) == 2 and len({p.name.casefold() for p in copies}) == 2, copies


# --- 4. a return held open ----------------------------------------------------------------
def test_a_return_open_in_excel_stays_in_the_inbox_and_is_taken_next_run(tmp_path, monkeypatch) -> None:
    ws = mini_workspace(tmp_path / "ws")
    held = write_return(ws, "P1", Q1, ws.inbox / "P1.xlsx")
    write_return(ws, "P2", Q1, ws.inbox / "P2.xlsx")
    real = fsutil.move_out

    def windows_move(src: Path, dest: Path):  # what Windows says while Excel has the file open
        if Path(src).name == held.name:
            raise PermissionError(13, "The process cannot access the file because it is being used", str(src))
        return real(src, dest)

    monkeypatch.setattr("toolkit.intake.run.move_out", windows_move)
    res = run_intake(ws)
    assert res.summary.new_versions == 2
    assert [p.code for p in res.problems] == ["intake-inbox-file-held"]
    assert "P1.xlsx" in res.problems[0].message_vi and "Excel" in res.problems[0].message_en
    assert held.is_file() and not (ws.inbox / "P2.xlsx").exists()
    monkeypatch.setattr("toolkit.intake.run.move_out", real)  # closed in Excel
    again = run_intake(ws)
    assert again.summary.new_versions == 0 and again.summary.duplicates == 1 and not again.problems
    assert not held.exists()
    assert sum(1 for r in ledger_rows(ws) if r.status == "received") == 2  # never received twice


def test_a_return_that_cannot_even_be_read_waits_for_the_next_run(tmp_path, monkeypatch) -> None:
    ws = mini_workspace(tmp_path / "ws")
    held = write_return(ws, "P1", Q1, ws.inbox / "P1.xlsx")
    real = fsutil.read_limited

    def locked(src: Path, limit: int):
        if Path(src).name == held.name:
            raise PermissionError(13, "being used by another process", str(src))
        return real(src, limit)

    monkeypatch.setattr("toolkit.intake.examine.read_limited", locked)
    r = run("--lang", "en", "intake", "--jobs", "0", ws=ws)
    assert "is open in another program" in r.output and "P1.xlsx" in r.output, r.output
    assert held.is_file() and ledger_rows(ws) == []
    monkeypatch.setattr("toolkit.intake.examine.read_limited", real)
    assert run_intake(ws).summary.new_versions == 1 and not held.exists()


# --- 5. validate outside a workspace ------------------------------------------------------
def test_validate_outside_a_workspace_never_judges_an_office_form_by_the_sample(tmp_path, monkeypatch) -> None:
    office = Workspace.open(init_workspace(tmp_path / "office"))
    catalog = office.definitions / "catalog.yaml"  # the office renames an indicator: its own catalog now
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("name: Đàn gia súc,", "name: Đàn gia súc (trâu bò heo),"), encoding="utf-8")
    office = Workspace.open(office.root)
    theirs = write_return(office, "P1", Q1, tmp_path / "forms" / "P1-office.xlsx")
    sample_ws = Workspace.open(init_workspace(tmp_path / "as-sample"))
    ours = write_return(sample_ws, "P2", Q1, tmp_path / "forms" / "P2-sample.xlsx")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = run("--lang", "en", "validate", str(theirs))
    assert r.exit_code == 2 and "in the workspace of the office" in r.output and "P1-office.xlsx" in r.output
    r = run("validate", str(ours), "--json")
    assert r.exit_code == 0, r.output  # made from the sample's definitions: checked with them
    r = run("validate", str(theirs), ws=office)
    assert r.exit_code == 0, r.output  # in its office's workspace
    assert not any(elsewhere.iterdir())
    assert os.listdir(elsewhere) == []
