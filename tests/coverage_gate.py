"""Fail `make test` when branch coverage of the credential engine drops below its floor.

Reads the JSON report pytest-cov wrote and prints the figure, so every test run shows it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FLOORS = {"src/credstack/vc/": 95.0}


def main(report_path: str) -> int:
    files = json.loads(Path(report_path).read_text())["files"]
    ok = True
    for prefix, floor in FLOORS.items():
        covered = total = 0
        for name, data in files.items():
            if name.replace("\\", "/").find(prefix) == -1:
                continue
            summary = data["summary"]
            covered += summary["covered_lines"] + summary.get("covered_branches", 0)
            total += summary["num_statements"] + summary.get("num_branches", 0)
        if total == 0:
            print(f"coverage gate: no measured files under {prefix}")
            ok = False
            continue
        percent = 100.0 * covered / total
        print(f"coverage of {prefix} (lines and branches): {percent:.1f}% (floor {floor:.0f}%)")
        ok = ok and percent >= floor
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
