"""Synthesis of 100,000 notes (duplicates + themes) on this machine: times and peak memory.

The notes are made from BANKING77 queries (CC-BY-4.0): each note joins two random queries,
as a ticket that raises two things would; 3 % of the notes are then near-copies of another
note (bench/synthesis_banking77.py's typos, case, punctuation and word swaps) and 1 % exact
copies. Embedding runs in this process (its time and throughput are printed); duplicates and
themes run in a fresh child process so that its peak memory is theirs alone.

    python bench/synthesis_scale.py [--notes 100000] [--threads 2] [--vectors-cache PATH]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: nothing here uses the hub

import numpy as np
from threadpoolctl import threadpool_limits

from synthesis_banking77 import DEFAULT_DATA, load, memory_mb, perturb, reset_peak_memory
from valueloop.adapters.synthesis import OnnxMiniLM, SynthesisEngine


def make_notes(queries: list[str], n: int, seed: int) -> tuple[list[str], list[tuple[int, int]]]:
    """n notes and the planted (original, copy) pairs among them."""
    rng = random.Random(seed)
    near, exact = int(n * 0.03), int(n * 0.01)
    notes = [f"{rng.choice(queries)} {rng.choice(queries)}" for _ in range(n - near - exact)]
    planted = []
    for _ in range(near):
        original = rng.randrange(len(notes))
        planted.append((original, len(notes)))
        notes.append(perturb(notes[original], rng)[0])
    for _ in range(exact):
        original = rng.randrange(len(notes))
        planted.append((original, len(notes)))
        notes.append(notes[original])
    return notes, planted


def synthesize_in_child(path: str, texts: list[str], threads: int) -> dict[str, Any]:
    """Duplicates and themes in this fresh process, with its time and memory."""
    import sklearn.cluster
    import sklearn.feature_extraction.text  # noqa: F401  (imported before the baseline)

    vectors = np.load(path)
    baseline = memory_mb("VmRSS")
    reset_peak_memory()
    started, cpu = time.perf_counter(), time.process_time()
    with threadpool_limits(threads):
        engine = SynthesisEngine(embedder=_NoEmbedder(vectors.shape[1]))
        result = engine.synthesize(texts, vectors)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "steps": result.seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": memory_mb("VmHWM"),
        "duplicates": result.duplicates,
        "themes": len(result.themes.themes),
        "largest_theme": max(t.size for t in result.themes.themes),
        "labels": [t.label for t in result.themes.themes[:5]],
    }


class _NoEmbedder:
    """Stands in for the model in the child: the vectors are already computed."""

    name = "precomputed"

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions

    def embed(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("vectors are passed in; nothing should be embedded here")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--vectors-cache", type=Path, default=None)
    args = parser.parse_args()
    limits = threadpool_limits(args.threads)
    queries = load(args.data)[0]
    texts, planted = make_notes(queries, args.notes, seed=0)
    print(
        f"{len(texts)} notes from BANKING77 ({len(planted)} planted copies); "
        f"{args.threads} threads; load average {os.getloadavg()[0]:.1f} at start"
    )

    cache = args.vectors_cache
    if cache and cache.is_file() and len(np.load(cache, mmap_mode="r")) == len(texts):
        vectors = np.load(cache)
        print(f"embedding: vectors from {cache}")
    else:
        wall, cpu = time.perf_counter(), time.process_time()
        engine = SynthesisEngine(OnnxMiniLM(threads=args.threads))
        vectors = engine.embed(texts)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        distinct = len(set(texts))
        print(
            f"embedding: {distinct} distinct texts in {wall:.0f} s = {distinct / wall:.0f} "
            f"notes/s wall, {distinct / cpu * args.threads:.0f} notes/s per {args.threads} "
            f"CPU-seconds; peak RSS so far "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.save(cache, vectors)

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "vectors.npy")
        np.save(path, vectors)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            run = pool.apply(synthesize_in_child, (path, texts, args.threads))
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in run["steps"].items())
    print(
        f"synthesis (duplicates + themes): {run['seconds']:.1f} s wall, "
        f"{run['cpu_seconds']:.1f} CPU-seconds ({steps}); peak RSS "
        f"{run['peak_rss_mb']:.0f} MB (of which Python+numpy+scikit-learn+"
        f"vectors before it: {run['baseline_rss_mb']:.0f} MB)"
    )
    group_of = {m: tuple(g) for g in run["duplicates"] for m in g}
    found = sum(
        group_of.get(a) is not None and group_of.get(a) == group_of.get(b) for a, b in planted
    )
    print(
        f"duplicates: {len(run['duplicates'])} groups; planted copies found "
        f"{found}/{len(planted)} ({found / len(planted):.0%})"
    )
    print(
        f"themes: {run['themes']}, largest {run['largest_theme']} notes; "
        f"first labels: {' | '.join(run['labels'])}"
    )
    limits.restore_original_limits()


if __name__ == "__main__":
    main()
