"""A workspace: the definitions in ``templates/`` and the returns in ``submissions/``.

The repository itself is the built-in sample workspace (Ngã Năm 2024);
``baocao init DIR`` copies it to start a new one.
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
from .catalog_codes import catalog_problem
from .findings import Finding
from .periods import Period
from .targets import Targets, load_targets
from .units import Unit, Units, load_units

SAMPLE_ROOT = Path(__file__).resolve().parent.parent  # the repository
SAMPLES_DIR = SAMPLE_ROOT / "templates"  # one folder of definitions per built-in sample
DEFAULT_SAMPLE = "nga-nam-2024"


class WorkspaceError(Exception):
    """The folder is not a workspace (no templates/catalog.yaml)."""


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
        s.problems.append(catalog_problem("yaml-syntax", file=str(path), line=e.line, detail=e.message))
        return s
    if not isinstance(doc, dict):
        return s
    for key in ("name", "district", "authority", "place", "contact", "send_to"):
        setattr(s, key, str(doc.get(key, "") or ""))
    try:
        s.deadline_days = int(doc.get("deadline_days", 5))
    except (TypeError, ValueError):
        s.problems.append(
            catalog_problem(
                "bad-workspace",
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
                catalog_problem(
                    "bad-workspace", file=str(path), line=yamlio.line_of(doc.get("deadlines"), k), detail=str(e)
                )
            )
    s.extra = {k: v for k, v in doc.items() if k not in s.__dataclass_fields__}
    return s


@dataclass
class Workspace:
    root: Path
    definitions_dir: Path | None = None  # set for a built-in sample: its definitions are not under root/templates

    @classmethod
    def open(cls, root: Path | str | None = None) -> Workspace:
        root = Path(root) if root else Path.cwd()
        if not (root / "templates" / "catalog.yaml").is_file():
            raise WorkspaceError(
                f"{root} không phải thư mục làm việc của baocao (thiếu templates/catalog.yaml); "
                f"tạo bằng 'baocao init {root}'. / {root} is not a baocao workspace "
                f"(no templates/catalog.yaml); create one with 'baocao init {root}'."
            )
        return cls(root.resolve())

    @classmethod
    def sample(cls, name: str = DEFAULT_SAMPLE) -> Workspace:
        return cls(SAMPLE_ROOT, SAMPLES_DIR / name)

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
        return load_baseline(self.definitions / "baseline")

    def targets(self, year: int) -> Targets:
        return self._targets.setdefault(year, load_targets(self.definitions / "targets" / f"{year}.yaml"))

    @cached_property
    def _targets(self) -> dict[int, Targets]:
        return {}

    def target_years(self) -> list[int]:
        d = self.definitions / "targets"
        return sorted(int(p.stem) for p in d.glob("*.yaml") if p.stem.isdigit()) if d.is_dir() else []

    # --- who reports what ------------------------------------------------------------
    def indicators_for(self, unit: Unit | str) -> list[Indicator]:
        u = self.units[unit] if isinstance(unit, str) else unit
        return self.catalog.reported_by(u.code, u.is_ward)

    def expected_units(self, period: Period) -> list[Unit]:
        """Units that must return a form for the period: active, and owning indicators."""
        under = self.settings.district or None
        return [u for u in self.units.reporting(period, under) if self.indicators_for(u)]

    def deadline(self, period: Period) -> date:
        return period.deadline(self.settings.deadline_days, self.settings.deadlines)

    def district_unit(self) -> Unit | None:
        return self.units.get(self.settings.district) if self.settings.district else None

    def problems(self) -> list[Finding]:
        """Every problem in the definitions, loading and cross-checking all files."""
        from .catalog_check import check_workspace

        return check_workspace(self)


def init_workspace(dest: Path, source: Workspace | None = None) -> Path:
    """Create a new workspace at ``dest`` from the sample's definitions."""
    source = source or Workspace.sample()
    dest = Path(dest)
    if not (source.definitions / "catalog.yaml").is_file():
        raise WorkspaceError(
            f"không tìm thấy mẫu ở {source.definitions}: mẫu Ngã Năm đi kèm mã nguồn (cài bằng 'pip install -e .'). / "
            f"the sample is not at {source.definitions}: it ships with the source checkout (install with 'pip install -e .')."
        )
    if (dest / "templates").exists():
        raise WorkspaceError(f"{dest}/templates đã tồn tại; không ghi đè. / {dest}/templates exists; not overwriting.")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source.definitions, dest / "templates")
    (dest / "submissions" / "inbox").mkdir(parents=True, exist_ok=True)
    return dest
