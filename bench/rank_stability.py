"""Rank stability of a 10,000-item RICE backlog with 1,000 draws: time and peak memory.

Every item has a reach range (triangular), an impact range (PERT), a fixed confidence and an
effort range (uniform), so every draw samples three inputs per item. The target (issue 5) is
well under 2 s on a 2-core CI machine. Ratios: against that target, and against the physical
floor of drawing one uniform random number per scored draw.

    python bench/rank_stability.py [--items 10000] [--draws 1000] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import tracemalloc

import numpy as np

from valueloop.domain.rank_stability import (
    ItemEstimates,
    estimate,
    rank_stability,
    vector_framework,
)

TARGET_S = 2.0


def backlog(items: int, seed: int = 11) -> list[ItemEstimates]:
    rng = np.random.default_rng(seed)
    result = []
    for i in range(items):
        reach = float(rng.uniform(100, 5_000))
        impact = float(rng.choice([0.5, 1, 2, 3]))
        effort = float(rng.uniform(0.5, 6))
        result.append(
            ItemEstimates(
                i,
                {
                    "reach": estimate(
                        reach * 0.6, reach * 1.5, likely=reach, distribution="triangular"
                    ),
                    "impact": estimate(0.25, 3, likely=impact, distribution="pert"),
                    "confidence": float(rng.choice([0.5, 0.8, 1.0])),
                    "effort": estimate(effort, effort * 2),
                },
            )
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--draws", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = backlog(args.items)
    framework = vector_framework("rice")

    def run() -> None:
        rank_stability(items, framework, draws=args.draws, top_k=10, workers=args.workers)

    run()  # warm-up: imports, first-touch of numpy's allocations
    walls, cpus = [], []
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    best = min(walls)

    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    values = args.items * args.draws
    rng = np.random.default_rng(0)
    floor = time.perf_counter()
    for _ in range(0, args.draws, 25):  # one uniform number per scored draw, in cache-sized chunks
        rng.random((25, args.items))
    floor = time.perf_counter() - floor

    load = os.getloadavg()[0]
    print(
        f"rank stability, RICE: {args.items:,} items × {args.draws:,} draws "
        f"({values:,} scores), {args.workers} worker(s), {os.cpu_count()} CPUs, load {load:.1f}"
    )
    median = sorted(walls)[len(walls) // 2]
    print(
        f"time: best {best:.3f} s of {args.repeat} (median {median:.3f} s), "
        f"CPU {min(cpus):.3f} s; {values / best / 1e6:.1f} M scored draws/s"
    )
    print(f"peak memory: {peak / 2**20:.0f} MiB traced (numpy + Python), {rss_mb:.0f} MiB RSS")
    print(
        f"ratios: {best / TARGET_S:.2f} × the {TARGET_S:g} s target; "
        f"{best / floor:.1f} × the time to draw one uniform number per score ({floor:.3f} s)"
    )


if __name__ == "__main__":
    main()
