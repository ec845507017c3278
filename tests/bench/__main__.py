"""``python -m tests.bench [--json] [--quick] [--only NAME ...]``: run and print the figures."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import asdict
from pathlib import Path

from tests.bench.common import Figure

BENCHMARKS = ("startup", "window", "sandbox", "journal", "chain")


def machine() -> str:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as handle:  # noqa: PTH123
            cpu = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter runs")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument(
        "--installed",
        type=Path,
        default=None,
        metavar="DIR",
        help="start-up of a built bundle too (packaging/build_linux.sh: dist/LoyaltyTill)",
    )
    args = parser.parse_args()
    figures: list[Figure] = []
    extra: list[str] = []
    if "startup" in args.only:
        from tests.bench import startup

        found, extra = startup.run(repeats=3 if args.quick else 7, installed=args.installed)
        figures += found
    if "window" in args.only:
        from tests.bench import window

        figures += window.run(quick=args.quick)
    if "sandbox" in args.only:
        from tests.bench import sandbox_load

        figures += sandbox_load.run(seconds=5 if args.quick else 30)
    if "journal" in args.only:
        from tests.bench import journal_reads

        figures += journal_reads.run()
    if "chain" in args.only:
        from tests.bench import chain

        figures += chain.run(quick=args.quick)
    if args.json:
        print(
            json.dumps(
                {
                    "machine": machine(),
                    "figures": [asdict(f) for f in figures],
                    "modules_before_window": extra,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(f"Machine: {machine()}")
    print("| benchmark | figure | value | note |\n|---|---|---|---|")
    for f in figures:
        value = f"{f.value:.2f}" if f.value < 100 else f"{f.value:.0f}"
        print(f"| {f.benchmark} | {f.name} | {value} {f.unit} | {f.note} |")
    if extra:
        print(
            f"\nTop-level packages imported before the window shows, beyond a bare window: "
            f"{', '.join(p for p in extra if not p.startswith('_'))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
