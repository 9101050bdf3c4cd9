"""baocao's command line: a thin click layer over the toolkit library.

Each command group lives in ``toolkit/commands/<name>.py`` and exposes ``register(group)``;
commands parse arguments, call the library, render its result objects and set the exit
code: 0 ok, 1 findings or errors, 2 unusable input or usage.
"""

from __future__ import annotations

import importlib

import click

from toolkit import __version__
from toolkit.commands.common import BaocaoGroup, lang_option, workspace_option

COMMAND_MODULES = (
    "init",
    "catalog",
    "forms",
    "validate",
    "intake",
    "consolidate",
    "report",
    "definitions",
    "demo",
)


@click.group(cls=BaocaoGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@workspace_option
@lang_option
@click.version_option(__version__, prog_name="baocao")
def main() -> None:
    """baocao: báo cáo kinh tế - xã hội hằng quý, từ biểu mẫu đến bảng tổng hợp.

    Quarterly socio-economic reporting for a Vietnamese district: catalog, forms,
    validation, intake and the master workbook.
    """


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(f"toolkit.commands.{_name}")
    except ModuleNotFoundError as _e:  # a command group not built yet in this checkout
        if _e.name != f"toolkit.commands.{_name}":
            raise
        continue
    _mod.register(main)


if __name__ == "__main__":
    main()
