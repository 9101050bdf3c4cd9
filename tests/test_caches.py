"""toolkit.caches: every process-global cache is declared there and emptied by one call."""

import pytest

from toolkit import caches
from toolkit.forms import write_form
from toolkit.periods import Period
from toolkit.validate.run import validate_file


def test_validating_fills_the_caches_and_clear_empties_every_one(workspace, tmp_path):
    caches.clear()
    unit = workspace.expected_units(Period.parse("2024-Q1"))[0].code
    path = tmp_path / "form.xlsx"
    write_form(workspace, unit, Period.parse("2024-Q1"), path)
    first = validate_file(path, workspace)
    filled = {name for name, n in caches.sizes().items() if n}
    assert {"validate.identify.maps", "validate.structure.plans", "a1.split_a1"} <= filled, filled
    caches.clear()
    assert not any(caches.sizes().values()), caches.sizes()
    again = validate_file(path, workspace)  # the same verdict from empty caches
    assert [f.code for f in again.findings] == [f.code for f in first.findings]


def test_a_memo_empties_itself_whole_at_its_limit():
    m = caches.Memo("test_caches.small", 3)
    for k in range(3):
        m.put(k, str(k))
    assert dict(m) == {0: "0", 1: "1", 2: "2"}
    assert m.put(3, "3") == "3"
    assert dict(m) == {3: "3"}


def test_a_cache_name_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        caches.memo("validate.identify.maps", 1)
