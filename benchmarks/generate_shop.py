"""Benchmark of the synthetic shop generator: time and peak memory.

Prints figures, asserts nothing (benchmarks are not timed tests).  Targets from issue #3:
100,000 customers in at most 10 s and 2 GB on 2 cores; the 300-customer variant used by the
hidden grading cases well under a second.

Run from the repository root::

    .venv/bin/python benchmarks/generate_shop.py
    .venv/bin/python benchmarks/generate_shop.py --customers 200000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc

from grader.shop import DEFAULT_SEED, generate_shop

TARGET_SECONDS = 10.0
TARGET_BYTES = 2 * 1024**3
SMALL_TARGET_SECONDS = 1.0


def _max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def _mib(n_bytes: float) -> str:
    return f"{n_bytes / 1024**2:,.0f} MiB"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the large variant")
    parser.add_argument("--small", type=int, default=300, help="size of the small variant")
    parser.add_argument("--small-repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, {platform.platform()}")
    print(f"python {platform.python_version()}")
    generate_shop(args.seed, 50)  # warm-up: imports and first-call costs

    # small variant (what a hidden grading case generates)
    times = []
    for i in range(args.small_repeat):
        start = time.perf_counter()
        generate_shop(args.seed + i, args.small)
        times.append(time.perf_counter() - start)
    print(
        f"\n{args.small} customers: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {args.small_repeat} seeds "
        f"(target < {SMALL_TARGET_SECONDS:.0f} s)"
    )

    # large variant: wall time (without tracing), then peak RSS of the process
    rss_before = _max_rss_bytes()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        shop = generate_shop(args.seed, args.customers)
        times.append(time.perf_counter() - start)
    rss_after = _max_rss_bytes()
    sizes = {name: len(getattr(shop, name)) for name in ("customers", "order_lines", "sessions")}
    frame_bytes = sum(getattr(shop, name).memory_usage(deep=True).sum() for name in sizes)
    del shop

    # peak of traced allocations (numpy and pandas buffers included), one extra run
    tracemalloc.start()
    generate_shop(args.seed, args.customers)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    best, median = min(times), statistics.median(times)
    print(f"\n{args.customers:,} customers -> " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()))
    print(
        f"  time      : best {best:.2f} s, median {median:.2f} s over {args.repeat} runs "
        f"(target <= {TARGET_SECONDS:.0f} s) {'OK' if median <= TARGET_SECONDS else 'OVER'}"
    )
    print(
        f"  peak RSS  : {_mib(rss_after)} for the whole process "
        f"(before the large runs: {_mib(rss_before)}) "
        f"(target <= {_mib(TARGET_BYTES)}) {'OK' if rss_after <= TARGET_BYTES else 'OVER'}"
    )
    print(f"  traced    : peak {_mib(traced_peak)} allocated during one generation (tracemalloc)")
    print(f"  result    : {_mib(frame_bytes)} held by the three frames")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
