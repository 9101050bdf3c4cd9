"""The findings catalogue: every code declared once, documented, used by constant, never lost."""

from __future__ import annotations

import ast
import copy
import importlib
import pickle
import re
from pathlib import Path

import pytest

from toolkit.findings import AREAS, Code, Finding, Severity, areas, declare, gate, make, registry, value
from toolkit.findings.code import Area
from toolkit.findings.doc import COMMAND, render

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "findings.md"
SEEN = Path(__file__).resolve().parent / "data" / "finding_codes.txt"
VIETNAMESE = "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ"


def test_docs_are_what_the_generator_writes():
    assert DOC.read_text(encoding="utf-8") == render(), f"docs/findings.md is out of date: run {COMMAND}"


def test_every_code_users_have_seen_still_exists():
    seen = [line.strip() for line in SEEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(seen) >= 200
    missing = sorted(set(seen) - set(registry()))
    assert not missing, f"finding codes users have seen must never change or disappear: {missing}"


def test_every_code_is_documented_under_a_listed_area():
    listed = {a.name for a in AREAS}
    assert listed == set(areas())
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M))
    assert documented == set(registry())
    assert {"catalog", "gate", "identity", "structure", "value", "rule", "intake", "master"} <= listed


def test_each_area_module_declares_its_own_area_and_nothing_is_declared_elsewhere():
    everywhere: set[str] = set()
    for area in AREAS:
        module = importlib.import_module(f"toolkit.findings.{area.name}")
        declared = [v for v in vars(module).values() if isinstance(v, Code)]
        assert declared and module.AREA is area, area.name
        assert all(c.area == area.name for c in declared), area.name
        everywhere.update(declared)
    assert everywhere == set(registry())


def test_codes_are_kebab_case_with_titles_and_messages_in_both_languages():
    for c, e in registry().items():
        assert isinstance(e, Code) and e == c and e.code == c
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c), c
        assert e.message_vi and e.message_en and e.title_vi and e.title_en, c
        assert any(ch in e.message_vi.lower() for ch in VIETNAMESE), c  # Vietnamese with diacritics


def test_make_takes_a_declared_code_never_a_plain_string():
    with pytest.raises(TypeError, match="declared finding code"):
        make("file-not-found", file="x.xlsx")  # type: ignore[arg-type]
    f = make(gate.FILE_NOT_FOUND, file="x.xlsx")
    assert f.code == "file-not-found" and type(f.code) is str and f.severity is Severity.ERROR
    assert f.area == "gate" and f.declared is gate.FILE_NOT_FOUND


def test_a_finding_knows_its_area_after_a_round_trip_through_json():
    f = make(value.VALUE_ABOVE_MAX, cell="E17", value="60.000", expected="50.000", name="Đàn gia súc")
    back = Finding.from_dict(f.to_dict())
    assert back == f and back.area == "value"


def test_a_code_stays_its_declared_entry_through_pickle_and_copy():
    c = gate.READ_TIMEOUT
    assert pickle.loads(pickle.dumps(c)) is c and copy.deepcopy(c) is c
    with pytest.raises(AttributeError):
        c.severity = Severity.INFO  # type: ignore[misc]


def test_a_code_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        declare("file-not-found", Severity.ERROR, gate.AREA, ("x", "x"), ("x", "x"))
    with pytest.raises(ValueError, match="area 'gate'"):
        declare("gate-test-only", Severity.ERROR, Area("gate", "Khác", "Other"), ("x", "x"), ("x", "x"))
    assert "gate-test-only" not in registry()


def _plain_string_codes(tree: ast.AST, known: set[str]) -> list[tuple[int, str]]:
    """Codes written as plain strings: a literal passed as a code, or a declared code spelled out."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in {"make", "Reject", "CellProblem"}:
                out.append((node.lineno, f"{name}({node.args[0].value!r})"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
            out.append((node.lineno, f"{node.value!r} spelled out"))
    return sorted(out)


def test_no_module_uses_a_code_by_its_plain_string():
    known = set(registry())
    found = []
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        if path.parent.name == "findings":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in _plain_string_codes(tree, known)]
    assert not found, "use the declared constant (toolkit.findings.<area>.NAME):\n" + "\n".join(found)


def test_the_plain_string_check_catches_what_it_should():
    src = 'make("x-y", a=1)\nif f.code in {"file-not-found"}: pass\nraise Reject(gate.CORRUPT_ZIP, part="file-x")\n'
    assert [w for _, w in _plain_string_codes(ast.parse(src), {"file-not-found"})] == [
        "make('x-y')",
        "'file-not-found' spelled out",
    ]


def test_render_mentions_json_format():
    out = render()
    assert "baocao-validate/2" in out and "baocao-validate-lines/1" in out and '"summary"' in out
