"""Write one benchmark's section of docs/benchmarks.md, leaving the other sections alone.

Each section sits between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` markers and
starts with the command that produced it, so every figure can be reproduced.
"""

from __future__ import annotations

import platform
import re
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Figures measured by `make bench` (each script can also run alone; its command is shown).
Comparisons are made side by side in one run, as ratios, because these machines are noisy.
"""


def write_section(name: str, title: str, command: str, body: str) -> None:
    """Replace (or append) the section ``name`` of docs/benchmarks.md."""
    text = DOC.read_text() if DOC.exists() else HEADER
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"Command: `{command}` — run {stamp} on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}.\n\n{body.strip()}\n"
        f"<!-- /bench:{name} -->"
    )
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)
