"""Intake: every file kept, every version traceable (real forms, real archive, real ledger)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from intake_support import (
    check_consistent,
    ledger_rows,
    mini_workspace,
    run_intake,
    sha256,
    write_return,
)

from toolkit.intake import ArchiveHistory, approve, current_submissions, history, status
from toolkit.periods import Period
from toolkit.records import FileReport
from toolkit.workspace import Workspace

Q1 = "2024-Q1"
ON_TIME = datetime(2024, 3, 16, 9, 0)


def _by_name(res):
    return {o.name: o for o in res.outcomes}


def test_first_intake_files_every_expected_unit(mini):
    units = [u.code for u in mini.expected_units(Period.parse(Q1))]
    originals = {}
    for u in units:
        p = write_return(mini, u, Q1, mini.inbox / f"bao-cao-{u}.xlsx")
        originals[sha256(p)] = p
    res = run_intake(mini, now=ON_TIME)
    s = res.summary
    print("summary", s)
    assert (s.files, s.new_versions, s.valid, s.invalid, s.rejected) == (len(units), len(units), len(units), 0, 0)
    assert res.ok
    for o in res.outcomes:
        assert o.status == "received" and o.version == 1 and o.errors == 0
        arch = mini.root / o.archive
        assert arch.name == f"v1_{o.sha256[:12]}.xlsx"
        assert arch.parent == mini.submissions / "archive" / Q1 / o.unit
        assert stat.S_IMODE(arch.stat().st_mode) == 0o444
        assert sha256(arch) == o.sha256
        assert o.sha256 in originals  # the original bytes, untouched
        report = FileReport.from_dict(json.loads(arch.with_suffix(".json").read_text(encoding="utf-8")))
        assert (report.unit, report.period, report.sha256, report.valid) == (o.unit, Q1, o.sha256, True)
        assert report.values, "the stored report carries the values"
    # the inbox is emptied into processed/<date>/ once filed
    assert not any(mini.inbox.iterdir())
    processed = list((mini.submissions / "processed").rglob("*.xlsx"))
    assert {sha256(p) for p in processed} == set(originals)
    check_consistent(mini, originals)
    rep = status(mini, Q1, today=ON_TIME.date())
    assert {r.unit: r.state for r in rep.rows} == dict.fromkeys(units, "valid")


def test_same_bytes_again_is_already_received(mini):
    p = write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    keep = mini.root / "P1-copy.xlsx"
    shutil.copy(p, keep)
    first = run_intake(mini, now=ON_TIME)
    assert first.outcomes[0].status == "received"
    shutil.copy(keep, mini.inbox / "Bao cao P1 (1).xlsx")  # the same file sent again, renamed
    again = run_intake(mini, now=ON_TIME)
    o = again.outcomes[0]
    print("duplicate:", o.reason_vi)
    assert (o.status, o.unit, o.period, o.version) == ("duplicate", "P1", Q1, 1)
    assert again.summary.duplicates == 1 and again.summary.new_versions == 0 and again.ok
    assert "phiên bản 1" in o.reason_vi and "version 1" in o.reason_en
    rows = ledger_rows(mini)
    dup = [r for r in rows if r.status == "duplicate"]
    assert len(dup) == 1 and dup[0].same_as == 1 and dup[0].original_name == "Bao cao P1 (1).xlsx"
    assert len([r for r in rows if r.status == "received"]) == 1
    check_consistent(mini)


def test_rerun_with_keep_is_idempotent(mini):
    for u in ("P1", "P2", "PKT"):
        write_return(mini, u, Q1, mini.inbox / f"{u}.xlsx")
    write_return(mini, "CA", Q1, mini.inbox / "CA.xlsx", valid=False)
    (mini.inbox / "notes.txt").write_text("không phải biểu mẫu")
    first = run_intake(mini, keep=True, now=ON_TIME)
    rows_after_first = len(ledger_rows(mini))
    second = run_intake(mini, keep=True, now=ON_TIME)
    print("first", first.summary, "second", second.summary)
    assert first.summary.new_versions == 4 and first.summary.rejected == 1
    assert second.summary.new_versions == 0 and second.summary.duplicates == 4
    assert len(ledger_rows(mini)) == rows_after_first, "a re-run records nothing new"
    assert len(list(mini.inbox.iterdir())) == 5  # --keep leaves them
    check_consistent(mini)


def test_corrected_resubmission_becomes_current_and_v1_stays(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx", valid=False)
    r1 = run_intake(mini, now=ON_TIME)
    o1 = r1.outcomes[0]
    assert o1.status == "received" and o1.errors > 0 and not r1.ok
    assert status(mini, Q1, today=ON_TIME.date()).rows[0].state == "received-invalid"
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")  # corrected, same name
    r2 = run_intake(mini, now=datetime(2024, 3, 18, 15, 30))
    o2 = r2.outcomes[0]
    assert (o2.status, o2.version, o2.errors, o2.supersedes) == ("received", 2, 0, 1)
    v1, v2 = mini.root / o1.archive, mini.root / o2.archive
    assert v1.is_file() and v2.is_file() and v1.name.startswith("v1_") and v2.name.startswith("v2_")
    assert v1.with_suffix(".json").is_file()
    rows = history(mini, unit="P1", period=Q1)
    rec = [r for r in rows if r.status == "received"]
    assert [(r.version, r.current, r.superseded_by) for r in rec] == [(1, False, 2), (2, True, None)]
    assert rec[1].supersedes == 1
    row = next(r for r in status(mini, Q1, today=ON_TIME.date()).rows if r.unit == "P1")
    assert (row.state, row.version, row.errors) == ("valid", 2, 0)
    assert row.on_time  # its first version came by the deadline
    cur = {c.unit: c for c in current_submissions(mini, Q1)}
    assert cur["P1"].version == 2 and cur["P1"].valid and cur["P1"].versions == 2
    assert all(v.version == 2 and v.source == o2.archive for v in cur["P1"].report.values)
    check_consistent(mini)


def test_feedback_copy_beside_a_version_with_findings(mini):
    pytest.importorskip("toolkit.validate.feedback")
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx", valid=False)
    o = run_intake(mini, now=ON_TIME).outcomes[0]
    assert o.feedback and o.feedback.endswith(f"v1_{o.sha256[:12]}.feedback.xlsx")
    wb = openpyxl.load_workbook(mini.root / o.feedback)  # baocao wrote it: openpyxl may open it
    assert wb.sheetnames


def test_file_named_for_another_unit_is_filed_by_its_identity(mini):
    write_return(mini, "P2", Q1, mini.inbox / "PKT.xlsx")  # the name lies; the identity does not
    o = run_intake(mini, now=ON_TIME).outcomes[0]
    assert (o.status, o.unit) == ("received", "P2")
    assert history(mini, unit="P2")[0].original_name == "PKT.xlsx"


def test_wrong_period_is_left_in_the_inbox_then_filed_under_its_own_period(mini):
    write_return(mini, "P1", "2024-Q2", mini.inbox / "P1-quy2.xlsx")
    write_return(mini, "P2", Q1, mini.inbox / "P2.xlsx")
    res = run_intake(mini, period=Q1, now=ON_TIME)
    o = _by_name(res)["P1-quy2.xlsx"]
    print("wrong period:", o.reason_vi)
    assert o.status == "wrong-period" and o.period == "2024-Q2"
    assert (mini.inbox / "P1-quy2.xlsx").is_file() and not (mini.inbox / "P2.xlsx").exists()
    assert "2024-Q2" in o.reason_vi and Q1 in o.reason_en
    assert res.summary.wrong_period == 1 and not res.ok
    run_intake(mini, period=Q1, now=ON_TIME)  # reported again, recorded once
    assert len([r for r in ledger_rows(mini) if r.status == "wrong-period"]) == 1
    later = run_intake(mini, now=ON_TIME)  # no --period: filed under its own period
    assert later.outcomes[0].status == "received"
    assert later.outcomes[0].archive.startswith("submissions/archive/2024-Q2/P1/")
    check_consistent(mini)


def test_unknown_unit_is_rejected_with_the_reason_beside_it(mini, tmp_path):
    write_return(mini, "P2", Q1, mini.inbox / "P2.xlsx")
    units = mini.definitions / "units.yaml"
    units.write_text(
        "\n".join(ln for ln in units.read_text(encoding="utf-8").splitlines() if "code: P2," not in ln) + "\n",
        encoding="utf-8",
    )
    ws2 = Workspace.open(mini.root)  # the unit list no longer has P2
    src = sha256(mini.inbox / "P2.xlsx")
    res = run_intake(ws2, now=ON_TIME)
    o = res.outcomes[0]
    print("unknown unit:", o.reason.code, o.reason_vi)
    assert o.status == "rejected" and o.reason.code in ("intake-unknown-unit", "unit-unknown")
    kept = mini.root / o.archive
    assert kept.parent == mini.submissions / "rejected" and kept.name.endswith("_P2.xlsx")
    assert sha256(kept) == src
    reason = Path(str(kept) + ".reason.txt").read_text(encoding="utf-8")
    assert "Lý do từ chối" in reason and "Why it was rejected" in reason and "P2" in reason
    assert [r.status for r in ledger_rows(ws2)] == ["rejected"]
    assert status(ws2, Q1).received == 0


def test_unreadable_and_unidentifiable_files_are_rejected_and_kept(mini):
    (mini.inbox / "bao-cao.xlsx").write_bytes(b"%PDF-1.4 not a workbook\n" * 20)
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Diện tích lúa"
    wb.active["B1"] = 2713
    wb.save(mini.inbox / "tu-lap.xlsx")  # a workbook the ward made itself: no identity
    (mini.inbox / "rong.xlsx").write_bytes(b"")
    srcs = {p.name: sha256(p) for p in mini.inbox.iterdir()}
    res = run_intake(mini, now=ON_TIME)
    out = _by_name(res)
    for name, o in out.items():
        print(name, o.status, o.reason.code, "-", o.reason_en[:90])
        assert o.status == "rejected"
        kept = mini.root / o.archive
        assert sha256(kept) == srcs[name] and Path(str(kept) + ".reason.txt").is_file()
    assert out["bao-cao.xlsx"].reason.code == "pdf-renamed"
    assert out["rong.xlsx"].reason.code == "empty-file"
    assert out["tu-lap.xlsx"].reason.code in ("not-a-form", "intake-unidentified")
    assert res.summary.rejected == 3 and not any(mini.inbox.iterdir())
    check_consistent(mini)


def test_a_rejected_file_sent_again_is_kept_once(mini):
    garbage = b"%PDF-1.4 not a workbook\n" * 20
    (mini.inbox / "bao-cao.xlsx").write_bytes(garbage)
    (mini.inbox / "khac.xlsx").write_bytes(garbage + b"!")  # other bytes, same folder
    first = _by_name(run_intake(mini, now=ON_TIME))
    (mini.inbox / "bao-cao.xlsx").write_bytes(garbage)  # the same bytes, the same name, a day later
    again = run_intake(mini, now=datetime(2024, 3, 17, 9, 0)).outcomes[0]
    assert again.status == "rejected" and again.archive == first["bao-cao.xlsx"].archive
    kept = sorted(p.name for p in (mini.submissions / "rejected").iterdir() if not p.name.endswith(".reason.txt"))
    assert len(kept) == 2 and kept[0].startswith("2024-03-16_"), kept
    check_consistent(mini)


def test_owner_hidden_and_temporary_files_are_skipped_not_counted(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    for name in ("~$P1.xlsx", ".P1.xlsx", ".~lock.P1.xlsx#", "~WRL0001.tmp", "P2.xlsx.crdownload", "Thumbs.db"):
        (mini.inbox / name).write_bytes(b"x")
    res = run_intake(mini, now=ON_TIME)
    assert res.summary.files == 1 and res.summary.new_versions == 1 and res.ok
    assert res.summary.skipped == 6 and len(res.skipped) == 6
    left = sorted(p.name for p in mini.inbox.iterdir())
    assert left == sorted(
        ["~$P1.xlsx", ".P1.xlsx", ".~lock.P1.xlsx#", "~WRL0001.tmp", "P2.xlsx.crdownload", "Thumbs.db"]
    )
    assert len(ledger_rows(mini)) == 1


def test_two_versions_in_one_batch_are_numbered_by_arrival(mini):
    old = write_return(mini, "P1", Q1, mini.inbox / "z-first.xlsx", valid=False, mtime=time.time() - 3600)
    new = write_return(mini, "P1", Q1, mini.inbox / "a-second.xlsx", mtime=time.time() - 60)
    h_old, h_new = sha256(old), sha256(new)
    res = run_intake(mini, now=ON_TIME)
    got = {o.sha256: o.version for o in res.outcomes}
    assert got == {h_old: 1, h_new: 2}
    assert status(mini, Q1).rows[0].state in ("valid", "late")


def test_approved_period_refuses_then_reopen_accepts(mini):
    for u in ("P1", "P2"):
        write_return(mini, u, Q1, mini.inbox / f"{u}.xlsx")
    run_intake(mini, now=ON_TIME)
    a = approve(mini, Q1, by="Văn phòng")
    assert a.approved and a.changed and a.by == "Văn phòng" and (a.valid, a.expected) == (2, 7)
    assert not approve(mini, Q1).changed  # approving twice changes nothing
    rep = status(mini, Q1)
    assert rep.approved and {r.unit: r.state for r in rep.rows if r.versions} == {"P1": "approved", "P2": "approved"}
    write_return(mini, "P1", Q1, mini.inbox / "P1-sua.xlsx", factor=1.05)
    write_return(mini, "P1", "2024-Q2", mini.inbox / "P1-q2.xlsx")  # another period is not locked
    res = run_intake(mini, now=ON_TIME)
    o = _by_name(res)["P1-sua.xlsx"]
    print("approved:", o.reason_vi)
    assert o.status == "refused-approved" and "--reopen" in o.reason_vi and not res.ok
    assert _by_name(res)["P1-q2.xlsx"].status == "received"
    assert (mini.inbox / "P1-sua.xlsx").is_file()  # not lost, not filed
    r = approve(mini, Q1, reopen=True)
    assert r.changed and not r.approved
    res = run_intake(mini, now=ON_TIME)
    assert (res.outcomes[0].status, res.outcomes[0].version) == ("received", 2)
    events = [r.status for r in ledger_rows(mini)]
    assert events.count("approved") == 1 and events.count("reopened") == 1
    assert events.count("refused-approved") == 1
    assert not status(mini, Q1).approved
    check_consistent(mini)


def test_jobs_in_worker_processes_give_the_same_outcomes(mini, tmp_path, monkeypatch):
    from toolkit import pool

    monkeypatch.setattr(pool, "FORK_ITEMS_PER_WORKER", 1)  # two workers even for eight files
    monkeypatch.setattr(pool, "SPAWN_ITEMS_PER_WORKER", 1)
    assert pool.worth_starting(8, 2) == 2
    ws2 = mini_workspace(tmp_path / "ws2")
    for w in (mini, ws2):
        for u in ("P1", "P2", "LB", "PKT", "TCKH", "CA", "BHXH"):
            write_return(w, u, Q1, w.inbox / f"{u}.xlsx", valid=u != "CA")
        (w.inbox / "x.xlsx").write_bytes(b"not a zip")
    a = run_intake(mini, jobs=0, now=ON_TIME)
    b = run_intake(ws2, jobs=2, now=ON_TIME)
    key = [(o.name, o.status, o.unit, o.version, o.errors, o.warnings) for o in a.outcomes]
    assert key == [(o.name, o.status, o.unit, o.version, o.errors, o.warnings) for o in b.outcomes]
    assert a.summary == b.summary
    check_consistent(ws2)


def test_archive_history_reads_accepted_values_then_baseline(mini):
    units = mini.definitions / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8")
        + "  - {code: PNN, name: Phường Ngã Năm, kind: ward, parent: NN, predecessors: [P1, P2]}\n",
        encoding="utf-8",
    )
    mini = Workspace.open(mini.root)
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    write_return(mini, "P2", Q1, mini.inbox / "P2.xlsx", valid=False)
    run_intake(mini, now=ON_TIME)
    h = ArchiveHistory(mini)
    cur = {c.unit: c for c in current_submissions(mini, Q1)}
    p1 = {(v.indicator, v.column): v.value for v in cur["P1"].report.values}
    num = next(k for k, v in p1.items() if isinstance(v, float) and k[1] == "value")
    assert h.get("P1", Q1, *num) == p1[num]
    # P2's current version is invalid: not accepted, so nothing from the archive
    assert not cur["P2"].valid and h.get("P2", Q1, num[0], "value") is None
    # other periods: the baseline
    assert h.get("P1", "2023-Q1", "NN.GIA_SUC") == mini.baseline.get("2023-Q1", "P1", "NN.GIA_SUC")
    # a merged unit's last year = the sum of its predecessors', for indicators that add up
    want = mini.baseline.get("2023-Q1", "P1", "NN.GIA_SUC") + mini.baseline.get("2023-Q1", "P2", "NN.GIA_SUC")
    assert h.get("PNN", "2023-Q1", "NN.GIA_SUC") == want
    assert h.get("PNN", "2023-Q1", "AN.CCCD_TL") is None  # a ratio does not add up


def test_ledger_is_append_only_and_archive_read_only(mini):
    import sqlite3

    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    o = run_intake(mini, now=ON_TIME).outcomes[0]
    con = sqlite3.connect(mini.submissions / "ledger.sqlite")
    for sql in ("UPDATE events SET version = 9", "DELETE FROM events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(sql)
    with pytest.raises(sqlite3.IntegrityError):  # a second row for the same version
        con.execute(
            "INSERT INTO events (at, status, unit, period, version, sha256) "
            "VALUES ('x', 'received', 'P1', ?, 1, 'other')",
            (Q1,),
        )
    con.close()
    arch = mini.root / o.archive
    if os.geteuid() != 0:  # root ignores file modes
        with pytest.raises(PermissionError):
            arch.open("ab")
    assert not os.access(arch, os.W_OK) or os.geteuid() == 0


def test_deleted_archive_file_is_reported(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    o = run_intake(mini, now=ON_TIME).outcomes[0]
    (mini.root / o.archive).unlink()
    res = run_intake(mini, now=ON_TIME)
    assert [p.code for p in res.problems] == ["intake-archive-missing"] and not res.ok
    print(res.problems[0].message_vi)


def test_symlinks_and_pipes_in_the_inbox_do_not_block_or_leak(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu")
    (mini.inbox / "link.xlsx").symlink_to(secret)
    os.mkfifo(mini.inbox / "pipe.xlsx")
    res = run_intake(mini, now=ON_TIME)
    out = _by_name(res)
    assert out["link.xlsx"].status == "rejected" and out["pipe.xlsx"].status == "rejected"
    for o in out.values():
        assert o.reason.code == "intake-not-a-file"
    rejected = mini.submissions / "rejected"
    assert not any("mật khẩu" in p.read_text(errors="ignore") for p in rejected.iterdir() if p.is_file())


def test_a_file_over_the_size_limit_is_refused_and_kept_whole(mini):
    with open(mini.definitions / "workspace.yaml", "a", encoding="utf-8") as fh:
        fh.write("\ngate:\n  max_file_mb: 0.05\n")  # 50 KB
    ws2 = Workspace.open(mini.root)
    big = mini.inbox / "P1.xlsx"
    write_return(ws2, "P1", Q1, big)
    with open(big, "ab") as fh:
        fh.write(os.urandom(60_000))  # a form with 60 KB of junk after it
    src = sha256(big)
    small = write_return(ws2, "P2", Q1, mini.inbox / "P2.xlsx")
    assert small.stat().st_size < 50_000
    out = _by_name(run_intake(ws2, now=ON_TIME))
    assert out["P2.xlsx"].status == "received"
    o = out["P1.xlsx"]
    assert o.status == "rejected" and o.reason.code == "file-too-large", o.reason.code
    kept = mini.root / o.archive
    assert sha256(kept) == src and o.sha256 == src  # hashed and kept whole, never read whole
    check_consistent(ws2)


def test_the_same_bytes_twice_in_one_batch(mini):
    p = write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    shutil.copy(p, mini.inbox / "P1 - Copy.xlsx")
    res = run_intake(mini, now=ON_TIME)
    assert sorted(o.status for o in res.outcomes) == ["duplicate", "received"]
    check_consistent(mini)  # no work file of the second copy left behind


def test_progress_is_reported_per_file(mini):
    for u in ("P1", "P2", "LB"):
        write_return(mini, u, Q1, mini.inbox / f"{u}.xlsx")
    (mini.inbox / "~$P1.xlsx").write_bytes(b"owner")
    calls = []
    run_intake(mini, progress=lambda done, total, o: calls.append((done, total, o.status)))
    assert calls == [(1, 3, "received"), (2, 3, "received"), (3, 3, "received")]


@pytest.mark.parametrize("where", [".", "submissions", "templates", "submissions/rejected", "submissions/processed"])
def test_baocao_own_folders_are_never_taken_as_an_inbox(mini, where):
    from toolkit.intake import IntakeError

    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    run_intake(mini, now=ON_TIME)
    (mini.root / where).mkdir(parents=True, exist_ok=True)
    before = sorted(p.relative_to(mini.root) for p in mini.root.rglob("*"))
    with pytest.raises(IntakeError):
        run_intake(mini, inbox=mini.root / where)
    assert sorted(p.relative_to(mini.root) for p in mini.root.rglob("*")) == before


def test_workers_borrow_the_parents_workspace(mini):
    """preload(): a forked worker (or intake in one process) uses the workspace the parent
    read, instead of reading the definitions again; a worker without it opens its own."""
    from toolkit.intake.examine import Context, init, preload

    lent = Context(root=str(mini.root), expect_period=None, known=frozenset())
    preload(lent, mini)
    init(lent, False)
    assert lent.ws is mini and lent.history.ws is mini
    own = Context(root=str(mini.root), expect_period=None, known=frozenset())
    init(own, False)
    assert own.ws is not mini and Path(own.ws.root) == Path(mini.root)
    assert own.ws.catalog.version == mini.catalog.version
