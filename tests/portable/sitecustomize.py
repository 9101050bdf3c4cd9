"""Pretend to be a system without the POSIX-only modules, for baocao's own code.

With ``BAOCAO_PORTABLE=1``, ``import fcntl`` and ``import resource`` fail (ImportError)
when the importing module is baocao's (``toolkit``, ``cli``), as they do on Windows;
libraries keep theirs (py-filelock picks its own lock for the platform). Processes get the
``spawn`` start method (``BAOCAO_START_METHOD``), as on Windows and macOS.

tests/conftest.py installs this in the test process and puts this folder on PYTHONPATH,
so that every child (a spawned worker, ``python -m cli``) imports it as ``sitecustomize``.
"""

from __future__ import annotations

import builtins
import os

BLOCKED = frozenset({"fcntl", "resource"})
OURS = ("toolkit", "cli")


def install() -> bool:
    """Install the import guard (once); False when BAOCAO_PORTABLE is not set."""
    if os.environ.get("BAOCAO_PORTABLE") != "1":
        return False
    os.environ.setdefault("BAOCAO_START_METHOD", "spawn")
    if getattr(builtins.__import__, "_baocao_portable", False):
        return True
    real = builtins.__import__

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002
        importer = (globals or {}).get("__name__", "") or ""
        if level == 0 and name.split(".")[0] in BLOCKED and importer.split(".")[0] in OURS:
            raise ModuleNotFoundError(f"No module named '{name}' (BAOCAO_PORTABLE)", name=name)
        return real(name, globals, locals, fromlist, level)

    guarded._baocao_portable = True  # type: ignore[attr-defined]
    builtins.__import__ = guarded
    return True


install()
