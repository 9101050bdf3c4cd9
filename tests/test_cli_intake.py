"""The intake, history and approve commands: thin over the library, exit codes 0/1/2."""

from __future__ import annotations

import json

from conftest import run
from intake_support import write_return

Q1 = "2024-Q1"


def test_intake_exit_0_when_everything_is_valid(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    r = run("intake", "--jobs", "0", "--received-at", "2024-03-16T09:00", ws=mini)
    assert r.exit_code == 0
    assert "đã nhận" in r.output and "P1 2024-Q1" in r.output and "v1" in r.output
    assert "1 phiên bản mới (1 hợp lệ, 0 có lỗi)" in r.output


def test_intake_exit_1_with_an_invalid_or_rejected_file(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx", valid=False)
    (mini.inbox / "anh.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n....")
    r = run("intake", "--jobs", "0", ws=mini)
    assert r.exit_code == 1
    assert "từ chối" in r.output and "anh.xlsx" in r.output
    assert "bản góp ý" in r.output or "feedback" in r.output  # where the annotated copy is


def test_intake_json(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    r = run("intake", "--jobs", "0", "--json", ws=mini)
    d = json.loads(r.stdout)
    assert d["format"] == "baocao-intake/1" and d["ok"] is True
    assert d["summary"]["new_versions"] == 1
    f = d["files"][0]
    assert (f["status"], f["unit"], f["period"], f["version"]) == ("received", "P1", Q1, 1)
    assert f["archive"].startswith(f"submissions/archive/{Q1}/P1/v1_")


def test_intake_json_streamed_is_the_whole_result(mini):
    write_return(mini, "P1", Q1, mini.inbox / "a.xlsx")
    write_return(mini, "P2", Q1, mini.inbox / "b.xlsx")
    (mini.inbox / "c.xlsx").write_bytes(b"not a workbook")
    (mini.inbox / "~$a.xlsx").write_bytes(b"owner file")
    r = run("intake", "--jobs", "0", "--json", ws=mini)
    assert r.exit_code == 1
    d = json.loads(r.stdout)
    assert list(d) == ["format", "inbox", "period", "files", "run", "ok", "summary", "skipped", "recovered", "problems"]
    assert sorted((f["name"], f["status"]) for f in d["files"]) == [
        ("a.xlsx", "received"),
        ("b.xlsx", "received"),
        ("c.xlsx", "rejected"),
    ]
    assert [f["name"] for f in d["skipped"]] == ["~$a.xlsx"]
    assert d["summary"]["files"] == 3 and d["summary"]["rejected"] == 1 and d["ok"] is False
    empty = json.loads(run("intake", "--jobs", "0", "--json", ws=mini).stdout)
    assert empty["files"] == [] and empty["summary"]["files"] == 0


def test_intake_unusable_input_exit_2(mini, tmp_path):
    r = run("intake", str(tmp_path / "khong-co"), ws=mini)
    assert r.exit_code == 2 and "khong-co" in r.output
    r = run("intake", "--period", "Q1-2024", ws=mini)
    assert r.exit_code == 2
    r = run("intake", "--received-at", "hôm qua", ws=mini)
    assert r.exit_code == 2


def test_history_shows_versions_and_what_superseded_them(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx", valid=False)
    run("intake", "--jobs", "0", ws=mini)
    write_return(mini, "P1", Q1, mini.inbox / "P1 sua.xlsx")
    run("intake", "--jobs", "0", ws=mini)
    r = run("history", "--unit", "P1", "--period", Q1, ws=mini)
    assert r.exit_code == 0
    lines = [ln for ln in r.output.splitlines() if "nhận phiên bản" in ln]
    assert len(lines) == 2
    assert "v2" in lines[0] and "P1.xlsx" in lines[0]  # v1 superseded by v2
    assert "nhận phiên bản *" in lines[1]  # v2 is current
    assert "P1 sua.xlsx" in lines[1]
    d = json.loads(run("history", "--unit", "P1", "--json", ws=mini).output)
    assert [(x["version"], x["current"], x["superseded_by"]) for x in d["rows"]] == [(1, False, 2), (2, True, None)]
    assert run("history", "--unit", "P2", ws=mini).output.strip().startswith("Sổ theo dõi chưa có")
    unknown = run("history", "--unit", "P9", ws=mini)  # not in units.yaml: a usage error (exit 2)
    assert unknown.exit_code == 2 and "không có đơn vị 'P9'" in unknown.output


def test_approve_and_reopen(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    run("intake", "--jobs", "0", ws=mini)
    r = run("approve", "--period", Q1, "--by", "Chánh Văn phòng", ws=mini)
    assert r.exit_code == 0 and "Đã duyệt và khóa kỳ 2024-Q1" in r.output and "1/7" in r.output
    assert "6 đơn vị chưa có báo cáo hợp lệ" in r.output
    assert "đã được duyệt trước đó" in run("approve", "--period", Q1, ws=mini).output
    write_return(mini, "P1", Q1, mini.inbox / "P1-moi.xlsx", factor=1.02)
    r = run("intake", "--jobs", "0", ws=mini)
    assert r.exit_code == 1 and "kỳ đã duyệt" in r.output and "--reopen" in r.output
    assert "Đã mở lại kỳ 2024-Q1" in run("approve", "--period", Q1, "--reopen", ws=mini).output
    assert run("intake", "--jobs", "0", ws=mini).exit_code == 0
    d = json.loads(run("history", "--period", Q1, "--json", ws=mini).output)
    assert [x["status"] for x in d["rows"]] == ["received", "approved", "refused-approved", "reopened", "received"]
    assert d["rows"][1]["actor"] == "Chánh Văn phòng"


def test_a_damaged_ledger_is_a_clear_error_not_a_traceback(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    (mini.submissions / "ledger.sqlite").write_bytes(b"this is not a database" * 100)
    for args in (["intake", "--jobs", "0"], ["status", "--period", Q1], ["history"], ["approve", "--period", Q1]):
        r = run(*args, ws=mini)
        assert r.exit_code == 2, args
        assert "sổ theo dõi" in r.output and "Traceback" not in r.output
    assert (mini.inbox / "P1.xlsx").is_file()
