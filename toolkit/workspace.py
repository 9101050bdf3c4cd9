"""A workspace: the definitions in ``templates/`` and the returns in ``submissions/``.

The built-in samples (Ngã Năm 2024, ...) ship inside the package (``toolkit.samples``,
the repository's ``templates/<name>/``); ``baocao init DIR`` copies one to start a new
workspace. A sample is read-only: commands that write never get one
(:func:`toolkit.commands.common.open_workspace`), and the library's writers refuse it
(:meth:`Workspace.require_writable`), so nothing is written into the package or a checkout.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from . import yamlio
from .baseline import Baseline, load_baseline
from .catalog import Catalog, Indicator, load_catalog
from .catalog_check import check_catalog, check_collectors, check_targets, unreadable
from .errors import BaocaoError
from .findings import Finding, make
from .findings import catalog as catalog_codes
from .periods import Period
from .targets import TERM_RE, Targets, load_targets
from .units import Unit, Units, load_units

DEFAULT_SAMPLE = "nga-nam-2024"
DEMO_DIR = "demo"  # in a sample's folder: what the demo needs (the seed's figures); not copied by init
MARKER = Path("templates") / "catalog.yaml"  # what makes a folder a workspace


class WorkspaceError(BaocaoError):
    """The folder is not a workspace (no templates/catalog.yaml), or a sample was asked to be written."""


def samples_dir() -> Path:
    """The folder holding the built-in samples, one sub-folder each.

    The package ``toolkit.samples`` (importlib.resources): the installed package data of
    a wheel, or the repository's ``templates/`` in an editable install; from a source
    checkout put on ``sys.path`` without installing, ``templates/`` beside ``toolkit/``.
    """
    from importlib import resources

    try:
        found = resources.files("toolkit.samples")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"
    if not isinstance(found, Path):  # a zipped install: the samples must be real folders to copy
        raise WorkspaceError(
            "mẫu có sẵn không nằm trong một thư mục thật; cài baocao bằng 'pip install' (không nén).",
            "the built-in samples are not in a real folder; install baocao with 'pip install' (not zipped).",
        )
    return found


def sample_names() -> list[str]:
    """The built-in samples (folders holding a catalog.yaml)."""
    d = samples_dir()
    return sorted(p.name for p in d.iterdir() if (p / "catalog.yaml").is_file()) if d.is_dir() else []


def find_workspace(start: Path | str | None = None) -> Path | None:
    """The workspace holding ``start`` (default: the current folder): it, or the nearest
    folder above it with ``templates/catalog.yaml``; None when there is none."""
    here = Path(start) if start else Path.cwd()
    here = here.resolve()
    for d in (here, *here.parents):
        if (d / MARKER).is_file():
            return d
    return None


@dataclass
class Settings:
    name: str = ""
    district: str = ""
    authority: str = ""
    place: str = ""
    deadline_days: int = 5
    deadlines: dict[str, date] = field(default_factory=dict)
    contact: str = ""
    send_to: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)


def _load_settings(path: Path) -> Settings:
    s = Settings()
    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        return s
    except yamlio.YamlError as e:
        s.problems.append(make(catalog_codes.YAML_SYNTAX, file=str(path), line=e.line, detail=e.detail))
        return s
    if not isinstance(doc, dict):
        return s
    for key in ("name", "district", "authority", "place", "contact", "send_to"):
        setattr(s, key, str(doc.get(key, "") or ""))
    try:
        s.deadline_days = int(doc.get("deadline_days", 5))
    except (TypeError, ValueError):
        s.problems.append(
            make(
                catalog_codes.BAD_WORKSPACE,
                file=str(path),
                line=yamlio.line_of(doc, "deadline_days"),
                detail="deadline_days must be a whole number",
            )
        )
    for k, v in (doc.get("deadlines") or {}).items():
        try:
            Period.parse(str(k))
            s.deadlines[str(k)] = v if isinstance(v, date) else date.fromisoformat(str(v))
        except ValueError as e:
            s.problems.append(
                make(
                    catalog_codes.BAD_WORKSPACE,
                    file=str(path),
                    line=yamlio.line_of(doc.get("deadlines"), k),
                    detail=str(e),
                )
            )
    s.extra = {k: v for k, v in doc.items() if k not in s.__dataclass_fields__}
    return s


def not_a_workspace(folder: Path | str) -> WorkspaceError:
    """The error for a folder that is not a workspace: it says how to make one."""
    return WorkspaceError(
        f"{folder} không phải thư mục làm việc của baocao (thiếu templates/catalog.yaml).",
        f"{folder} is not a baocao workspace (no templates/catalog.yaml).",
        hint_vi="Tạo thư mục làm việc bằng 'baocao init THƯ_MỤC' rồi chạy lệnh trong thư mục đó (hoặc thêm '-w THƯ_MỤC').",
        hint_en="Create one with 'baocao init DIR', then run the command in it (or add '-w DIR').",
    )


@dataclass
class Workspace:
    root: Path
    definitions_dir: Path | None = None  # set for a built-in sample: its definitions are not under root/templates
    sample_name: str | None = None  # set for a built-in sample, which is read-only

    @classmethod
    def open(cls, root: Path | str | None = None) -> Workspace:
        root = Path(root) if root else Path.cwd()
        if not (root / MARKER).is_file():
            raise not_a_workspace(root)
        return cls(root.resolve())

    @classmethod
    def sample(cls, name: str = DEFAULT_SAMPLE) -> Workspace:
        """A built-in sample, read-only: its definitions, no submissions or output."""
        folder = samples_dir() / name
        if not (folder / "catalog.yaml").is_file():
            known = ", ".join(sample_names()) or "-"
            raise WorkspaceError(
                f"không có mẫu '{name}' (có: {known}).", f"there is no built-in sample '{name}' (there are: {known})."
            )
        return cls(folder, folder, name)

    @property
    def is_sample(self) -> bool:
        return self.sample_name is not None

    def require_writable(self) -> None:
        """Raise :class:`WorkspaceError` for a built-in sample: nothing is written into the package."""
        if self.sample_name is not None:
            raise WorkspaceError(
                f"mẫu có sẵn '{self.sample_name}' chỉ để xem, không ghi được: tạo thư mục làm việc bằng "
                f"'baocao init THƯ_MỤC'.",
                f"the built-in sample '{self.sample_name}' is read-only: create a workspace with 'baocao init DIR'.",
            )

    # --- paths -----------------------------------------------------------------------
    @property
    def definitions(self) -> Path:
        return self.definitions_dir or self.root / "templates"

    @property
    def submissions(self) -> Path:
        return self.root / "submissions"

    @property
    def inbox(self) -> Path:
        return self.submissions / "inbox"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def demo_file(self, name: str) -> Path:
        """A file the demo needs (the seed's figures), from the built-in sample the workspace was made from."""
        sample = self.sample_name or str(self.settings.extra.get("sample") or DEFAULT_SAMPLE)
        return samples_dir() / sample / DEMO_DIR / name

    def forms_dir(self, period: Period) -> Path:
        return self.output / "forms" / period.code

    def master_path(self, period: Period) -> Path:
        return self.output / "master" / f"tong-hop-{period.code}.xlsx"

    # --- definitions -----------------------------------------------------------------
    @cached_property
    def settings(self) -> Settings:
        return _load_settings(self.definitions / "workspace.yaml")

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.definitions / "catalog.yaml")

    @cached_property
    def units(self) -> Units:
        return load_units(self.definitions / "units.yaml")

    @cached_property
    def baseline(self) -> Baseline:
        return load_baseline(self.definitions / "baseline", whole=self.whole_codes)

    def targets(self, year: int) -> Targets:
        if year not in self._targets:
            self._targets[year] = load_targets(self.definitions / "targets" / f"{year}.yaml", whole=self.whole_codes)
        return self._targets[year]

    @cached_property
    def whole_codes(self) -> frozenset[str]:
        """Codes of the indicators that count whole things: their '25.056' in targets and
        baseline is 25.056 (thousands), not a decimal (docs/catalog.md)."""
        return frozenset(i.code for i in self.catalog if i.type == "integer")

    @cached_property
    def _targets(self) -> dict[int, Targets]:
        return {}

    def target_years(self) -> list[int]:
        d = self.definitions / "targets"
        return sorted(int(p.stem) for p in d.glob("*.yaml") if p.stem.isdigit()) if d.is_dir() else []

    def target_files(self) -> list[Path]:
        """Every targets file: years (2025.yaml) and terms (2025-2030.yaml)."""
        d = self.definitions / "targets"
        if not d.is_dir():
            return []
        return sorted(p for p in d.glob("*.yaml") if p.stem.isdigit() or TERM_RE.match(p.stem))

    def term_targets(self, year: int) -> list[Targets]:
        """The terms' targets in force in ``year`` (the 2025–2030 congress resolution)."""
        out = []
        for p in self.target_files():
            if TERM_RE.match(p.stem):
                t = self._terms.setdefault(p.stem, load_targets(p, whole=self.whole_codes))
                if t.covers(year):
                    out.append(t)
        return out

    @cached_property
    def _terms(self) -> dict[str, Targets]:
        return {}

    # --- who collects, who reports what --------------------------------------------
    def collector(self, period: Period) -> Unit | None:
        """The office that collects the period's returns, from the dates in units.yaml
        (thị xã Ngã Năm until 30/6/2025, thành phố Cần Thơ from 1/7/2025). An old
        workspace.yaml's ``district`` is read as a preference, never required."""
        if period.code not in self._collectors:
            self._collectors[period.code] = self.units.collector(period, self.settings.district or None)
        return self._collectors[period.code]

    @cached_property
    def _collectors(self) -> dict[str, Unit | None]:
        return {}

    def indicators_for(self, unit: Unit | str, period: Period | None = None) -> list[Indicator]:
        """The indicators ``unit`` reports for ``period`` (reporters by date); without a
        period, every indicator it reports at any time."""
        u = self.units[unit] if isinstance(unit, str) else unit
        return self.catalog.reported_by(u, period.end if period else None)

    def expected_units(self, period: Period) -> list[Unit]:
        """Units that must return a form for the period: the collecting office's active
        children that own indicators in the period."""
        office = self.collector(period)
        if office is None:
            return []
        return [u for u in self.units.reporting(period, office.code) if self.indicators_for(u, period)]

    def why_no_forms(self, period: Period) -> tuple[str, str]:
        """Why no unit reports for ``period`` (Vietnamese, English)."""
        day = period.end.strftime("%d/%m/%Y")
        found = self.units.collectors(period.end)
        if not found:
            return (
                f"units.yaml không có đơn vị nào thu báo cáo vào ngày {day} (cuối kỳ {period.code}): "
                "không đơn vị báo cáo nào còn hiệu lực (valid_from/valid_to) vào ngày đó.",
                f"units.yaml has no unit that collects on {period.end.isoformat()} (the end of {period.code}): "
                "no reporting unit is valid (valid_from/valid_to) on that day.",
            )
        if self.collector(period) is None:
            names = ", ".join(u.code for u in found)
            return (
                f"nhiều đơn vị cùng thu báo cáo vào ngày {day} ({names}): ghi 'district: MÃ' trong workspace.yaml "
                "để chọn đơn vị của văn phòng này.",
                f"several units collect on {period.end.isoformat()} ({names}): set 'district: CODE' in "
                "workspace.yaml to choose this office's unit.",
            )
        office = self.collector(period)
        assert office is not None
        return (
            f"các đơn vị trực thuộc {office.name} ({office.code}) không phụ trách chỉ tiêu nào của danh mục "
            f"trong kỳ {period.code} (xem 'reporters' và valid_from/valid_to trong catalog.yaml).",
            f"the units under {office.name} ({office.code}) report no indicator of the catalog in {period.code} "
            "(see 'reporters' and valid_from/valid_to in catalog.yaml).",
        )

    def authority(self, period: Period | None = None) -> str:
        """The collecting office's header line for the period ("ỦY BAN NHÂN DÂN THÀNH PHỐ
        CẦN THƠ"): the collector's ``authority`` in units.yaml, else workspace.yaml's."""
        office = self.collector(period) if period else None
        if office is not None and office.authority:
            return office.authority
        return self.settings.authority

    def place(self, period: Period | None = None) -> str:
        office = self.collector(period) if period else None
        if office is not None and office.place:
            return office.place
        return self.settings.place

    def deadline(self, period: Period) -> date:
        return period.deadline(self.settings.deadline_days, self.settings.deadlines)

    def problems(self) -> list[Finding]:
        """Every problem in the definitions, loading and cross-checking all files; a file that
        cannot be read gives its own finding only: what refers to it is not checked against an
        empty catalog or unit list (one slip, one finding)."""
        cat, units = self.catalog, self.units
        cat_ok, units_ok = not unreadable(cat.problems), not unreadable(units.problems)
        problems: list[Finding] = [*self.settings.problems, *cat.problems, *units.problems]
        if cat_ok:
            problems += check_catalog(cat, units if units_ok else None)
        for path in self.target_files():
            t = self.targets(int(path.stem)) if path.stem.isdigit() else load_targets(path, whole=self.whole_codes)
            problems += t.problems
            if cat_ok and units_ok:  # never against an empty catalog or unit list
                problems += check_targets(t, cat, units, str(path))
        problems += self.baseline.problems
        for row in self.baseline.rows:
            if cat_ok and row.indicator not in cat:
                problems.append(
                    make(
                        catalog_codes.BASELINE_UNKNOWN_INDICATOR, file=row.file, line=row.line, indicator=row.indicator
                    )
                )
            if units_ok and row.unit not in units:
                problems.append(make(catalog_codes.BASELINE_UNKNOWN_UNIT, file=row.file, line=row.line, unit=row.unit))
        if not units_ok:
            return problems
        problems += check_collectors(units, self.settings.district)
        if self.settings.district and self.settings.district not in units:
            problems.append(
                make(
                    catalog_codes.BAD_WORKSPACE,
                    file=str(self.definitions / "workspace.yaml"),
                    line=None,
                    detail=f"district '{self.settings.district}' is not in units.yaml",
                )
            )
        return problems


def init_workspace(dest: Path, source: Workspace | None = None) -> Path:
    """Create a new workspace at ``dest`` from a sample's definitions (its demo data stays in the package)."""
    source = source or Workspace.sample()
    dest = Path(dest)
    if not (source.definitions / "catalog.yaml").is_file():
        raise WorkspaceError(
            f"không tìm thấy định nghĩa mẫu ở {source.definitions};",
            f"the sample's definitions are not at {source.definitions};",
            hint_vi="cài lại baocao.",
            hint_en="reinstall baocao.",
        )
    if (dest / "templates").exists():
        raise WorkspaceError(
            f"{dest / 'templates'} đã tồn tại; không ghi đè.", f"{dest / 'templates'} exists; not overwriting."
        )
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        source.definitions,
        dest / "templates",
        ignore=shutil.ignore_patterns(DEMO_DIR, "__pycache__", "__init__.py"),
        copy_function=shutil.copyfile,  # not the package's permissions: the office edits these files
    )
    (dest / "submissions" / "inbox").mkdir(parents=True, exist_ok=True)
    return dest
