"""docs/findings.md documents every registered finding code of every area."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.findings import registry
from toolkit.validate import codes as validate_codes
from toolkit.validate.doc import code_modules, load_all, render

DOC = Path(__file__).resolve().parent.parent / "docs" / "findings.md"


def test_every_registered_code_is_documented():
    codes = load_all()
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M))
    missing = sorted(set(codes) - documented)
    assert not missing, f"regenerate: python -m toolkit.validate.doc > docs/findings.md (missing {missing})"


def test_all_areas_are_found():
    mods = code_modules()
    assert "toolkit.catalog_codes" in mods and "toolkit.gate.codes" in mods and "toolkit.validate.codes" in mods
    areas = {c.area for c in load_all().values()}
    assert {"catalog", "gate", "identity", "structure", "value", "rule"} <= areas


def test_validation_codes_are_stable_kebab_case_with_both_languages():
    ours = {c: e for c, e in registry().items() if e.area in validate_codes.AREAS}
    assert len(ours) >= 40
    for c, e in ours.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", c), c
        assert e.message_vi and e.message_en and e.title_vi and e.title_en
        assert any(ch in e.message_vi for ch in "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ"), (
            c
        )  # Vietnamese with diacritics


def test_render_mentions_json_format():
    out = render()
    assert "baocao-validate/2" in out and "baocao-validate-lines/1" in out and '"summary"' in out
