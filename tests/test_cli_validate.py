"""baocao validate: exit codes, text and JSON output, --feedback, --lang; a timed single-file run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import mini_fill, run

from toolkit.demo import seed_table
from toolkit.forms import write_form
from toolkit.periods import Period

MINI = Path(__file__).resolve().parent / "data" / "mini"
REPO = Path(__file__).resolve().parent.parent
Q1 = Period.parse("2024-Q1")
GOOD = mini_fill(mau=1178)


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    from toolkit.workspace import Workspace

    ws = Workspace.open(MINI)
    d = tmp_path_factory.mktemp("inbox")
    write_form(ws, "P1", Q1, d / "p1.xlsx", fill=GOOD)
    bad = dict(GOOD)
    bad[("NN.GIA_SUC", "value")] = 60000
    write_form(ws, "P2", Q1, d / "p2.xlsx", fill=bad)
    (d / "~$p1.xlsx").write_bytes(b"owner file")
    (d / ".hidden.xlsx").write_bytes(b"x")
    (d / "ghi-chu.txt").write_text("không phải biểu mẫu", encoding="utf-8")
    return d


def test_valid_file_exit_0(forms):
    r = run("validate", str(forms / "p1.xlsx"), ws=MINI)
    assert r.exit_code == 0, r.output
    assert "hợp lệ" in r.output and "Phường 1 (P1)" in r.output


def test_folder_with_an_error_exit_1_and_owner_files_skipped(forms):
    r = run("validate", str(forms), ws=MINI)
    assert r.exit_code == 1, r.output
    assert "p2.xlsx" in r.output and "value-above-max" in r.output and "'Biểu số liệu'!E17" in r.output
    assert "~$" not in r.output and ".hidden" not in r.output
    assert "2 tệp: 1 hợp lệ, 1 cần sửa" in r.output


def test_json_structure(forms):
    r = run("validate", str(forms), "--json", ws=MINI)
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["format"] == "baocao-validate/2"
    assert doc["cross_unit"] == []
    assert doc["summary"] == {"files": 2, "valid": 1, "invalid": 1, "errors": 1, "warnings": 0, "exit_code": 1}
    bad = next(f for f in doc["files"] if f["unit"] == "P2")
    # 60.000 head of cattle: above the bound; not also "up 606% on last year's 8.500" (one finding at its cause)
    assert [f["code"] for f in bad["findings"]] == ["value-above-max"]
    f = bad["findings"][0]
    assert (f["code"], f["severity"], f["sheet"], f["cell"], f["indicator"], f["value"], f["expected"]) == (
        "value-above-max",
        "error",
        "Biểu số liệu",
        "E17",
        "NN.GIA_SUC",
        "60.000",
        "50.000",
    )
    # values as rows of value_fields by default, as the archive keeps them
    assert bad["format"] == "baocao-report/2"
    at = {k: i for i, k in enumerate(bad["value_fields"])}
    assert any(v[at["indicator"]] == "NN.GIA_SUC" and v[at["value"]] == 60000 for v in bad["values"])


def test_json_values_full_and_none(forms):
    full = json.loads(run("validate", str(forms), "--json", "--values", "full", ws=MINI).output)
    bad = next(f for f in full["files"] if f["unit"] == "P2")
    assert bad["format"] == "baocao-report/1"
    assert any(v["indicator"] == "NN.GIA_SUC" and v["value"] == 60000 for v in bad["values"])
    none = json.loads(run("validate", str(forms), "--json", "--values", "none", ws=MINI).output)
    assert all("values" not in f for f in none["files"])
    assert [f["findings"] for f in none["files"]] == [f["findings"] for f in full["files"]]
    assert none["summary"] == full["summary"]


def test_json_lines(forms):
    r = run("validate", str(forms), "--jsonl", "--lang", "en", ws=MINI)
    assert r.exit_code == 1
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [x["record"] for x in lines] == ["start", "file", "file", "summary"]
    assert lines[0]["format"] == "baocao-validate-lines/1" and lines[0]["lang"] == "en"
    assert sorted(x["unit"] for x in lines[1:3]) == ["P1", "P2"]
    assert lines[-1]["invalid"] == 1 and lines[-1]["exit_code"] == 1
    assert run("validate", str(forms), "--jsonl", "--json", ws=MINI).exit_code == 2


def test_outliers_among_units_come_after_the_files(tmp_path):
    import shutil

    from toolkit.workspace import Workspace

    ws = Workspace.open(shutil.copytree(MINI, tmp_path / "ws"))
    extra = "".join(f"  - {{code: W{i}, name: Phường W{i}, kind: ward, parent: NN}}\n" for i in range(5))
    path = ws.definitions / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    ws = Workspace.open(ws.root)
    inbox = tmp_path / "inbox"
    cattle = {"P1": 9100, "P2": 8700, "LB": 9400, "W0": 9000, "W1": 8800, "W2": 9300, "W3": 8900, "W4": 45000}
    for unit, n in cattle.items():
        write_form(ws, unit, Q1, inbox / f"{unit}.xlsx", fill={**GOOD, ("NN.GIA_SUC", "value"): n})
    r = run("validate", str(inbox), "--json", "-j", "2", ws=ws)
    doc = json.loads(r.output)
    assert [(f["code"], Path(f["file"]).name, f["cell"]) for f in doc["cross_unit"]] == [
        ("outlier-among-units", "W4.xlsx", "E17")
    ]
    assert doc["summary"]["warnings"] == sum(f["warnings"] for f in doc["files"]) + 1
    assert [Path(f["path"]).name for f in doc["files"]] == sorted(f"{u}.xlsx" for u in cattle)
    text = run("validate", str(inbox), "--lang", "en", ws=ws).output
    assert text.index("Compared with units of the same kind") > text.index("W4.xlsx")
    assert "W4.xlsx: " in text and "outlier-among-units" in text


def test_expected_unit_and_period(forms):
    r = run("validate", str(forms / "p1.xlsx"), "--unit", "P2", "--period", "2024-Q2", "--lang", "en", ws=MINI)
    assert r.exit_code == 1
    assert "unit-mismatch" in r.output and "period-mismatch" in r.output and "This form belongs to" in r.output


def test_feedback_option(forms, tmp_path):
    before = (forms / "p2.xlsx").read_bytes()
    r = run("validate", str(forms / "p2.xlsx"), "--feedback", str(tmp_path / "fb"), ws=MINI)
    assert r.exit_code == 1
    assert (tmp_path / "fb" / "p2_loi-can-sua.xlsx").is_file()
    assert (forms / "p2.xlsx").read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/no/such/file.xlsx"],
        ["validate", "{empty}"],
        ["validate", "{p1}", "--period", "2024-Q7"],
        ["validate", "{p1}", "--unit", "NOPE"],
    ],
)
def test_unusable_input_exit_2(forms, tmp_path, args):
    (tmp_path / "empty").mkdir()
    args = [a.format(empty=tmp_path / "empty", p1=forms / "p1.xlsx") for a in args]
    r = run(*args, ws=MINI)
    assert r.exit_code == 2, r.output


def test_not_a_workbook_is_a_finding_exit_1(tmp_path):
    p = tmp_path / "bao-cao.xlsx"
    p.write_text("a;b\n1;2\n", encoding="utf-8")
    r = run("validate", str(p), ws=MINI)
    assert r.exit_code == 1 and "csv-renamed" in r.output


def test_benchmark_single_file_cli(tmp_path):
    """The whole command, start-up included, on one form of the full sample (printed, not asserted)."""
    import yaml

    from toolkit.seedsplit import split_district_figures
    from toolkit.workspace import Workspace

    ws = Workspace.sample()
    seed = yaml.safe_load(seed_table().read_text(encoding="utf-8"))
    fills = split_district_figures(ws, {e["code"]: e["value"] for e in seed["indicators"]}, seed["ward_split_weights"])
    form = tmp_path / "P1.xlsx"
    write_form(ws, "P1", Q1, form, fill=fills["P1"])
    env = dict(os.environ, BAOCAO_LANG="vi")
    env.pop("BAOCAO_WORKSPACE", None)
    cmd = [str(Path(sys.executable).parent / "baocao"), "validate", str(form)]
    import resource

    times, cpu = [], []
    for _ in range(3):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
        times.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    print(
        f"\nbaocao validate (one sample form, {len(ws.indicators_for('P1'))} indicators, start-up included): "
        f"best {min(times):.2f} s wall, {min(cpu):.2f} s CPU; runs {', '.join(f'{x:.2f}' for x in times)} s "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


@pytest.mark.parametrize("fmt", ["--json", "--jsonl"])
def test_json_from_the_workers_digests_as_from_the_reports(forms, tmp_path, fmt):
    """With --feedback the parent encodes each report it receives whole; without, the workers
    send its JSON text already encoded (toolkit.validate.digest): the same output but for
    the feedback copy's name (each line of --jsonl; each item of --json, its cross_unit and
    summary), whatever the values' layout."""
    for values in ("rows", "full", "none"):
        plain = run("validate", str(forms), fmt, "--values", values, ws=MINI)
        fb = run("validate", str(forms), fmt, "--values", values, "--feedback", str(tmp_path / values), ws=MINI)
        assert plain.exit_code == fb.exit_code == 1
        if fmt == "--jsonl":
            a = [json.loads(x) for x in plain.output.splitlines()]
            b = [json.loads(x) for x in fb.output.splitlines()]
        else:
            a, b = [json.loads(plain.output)], [json.loads(fb.output)]
            a, b = a + a[0].pop("files"), b + b[0].pop("files")
        written = [x.pop("feedback") for x in b if "feedback" in x]
        assert [Path(w).name for w in written] == ["p2_loi-can-sua.xlsx"]
        assert a == b
        assert list(a[1]) == list(b[1])  # the same keys in the same order


def test_text_from_the_workers_digests_as_from_the_reports(forms, tmp_path):
    """The text output without --feedback comes from reports sent without their values
    (toolkit.validate.digest, values=None); with it, from whole reports: the same lines but
    the feedback copies'."""
    plain = run("validate", str(forms), "--lang", "en", ws=MINI)
    fb = run("validate", str(forms), "--lang", "en", "--feedback", str(tmp_path / "fb"), ws=MINI)
    assert plain.exit_code == fb.exit_code == 1
    lines = fb.output.splitlines()
    copies = [x for x in lines if x.startswith("  Feedback copy: ")]
    assert len(copies) == 1 and copies[0].endswith("p2_loi-can-sua.xlsx")
    assert plain.output.splitlines() == [x for x in lines if x not in copies]
    assert "value-above-max" in plain.output


class _Tty:
    """A stream that says whether it is a terminal, and keeps what is written to it."""

    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("stdout_tty", "lines", "bar"), [(True, True, False), (False, True, True), (True, False, True)]
)
def test_no_bar_between_the_lines_a_command_prints_on_a_terminal(monkeypatch, stdout_tty, lines, bar):
    """validate prints each file's report as it comes: on a terminal those lines are the
    progress; a bar redrawn between them (both on one screen) broke them up. Redirected, the
    bar on stderr shows how far it got."""
    import sys

    from toolkit.commands.common import progress

    err, out = _Tty(True), _Tty(stdout_tty)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.delenv("BAOCAO_NO_PROGRESS", raising=False)
    with progress(5, "Đang kiểm tra", "Checking", lines=lines) as advance:
        advance(5)
    assert ("5/5" in err.text) is bar
