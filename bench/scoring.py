"""Score and rank a 100,000-item backlog with 1,000,000 feedback links; rank stability of 10,000.

Seeds (in bulk, straight into the tables) a product whose 100,000 items carry RICE estimates and
1,000,000 links to 200,000 feedback notes from 5,000 customers, and a second product whose
10,000 items have estimate ranges. Then times the use cases end to end, database reads included:

- `score_board` with RICE: every item scored (confidence derived from its evidence, so every
  link is rolled up), ranked, and the first page explained (terms, evidence, reasons);
- `score_board` with a custom formula over customer roll-ups (`arr * confidence / effort`),
  which adds the per-customer grouping of the links;
- `product_rank_stability` with RICE: 1,000 draws of the 10,000 items' ranges.

SQLite always (a temporary file); PostgreSQL when --database-url or VALUELOOP_TEST_POSTGRES_URL
names a server (a scratch database is created there and dropped afterwards). The target
(issue 5) is under 2 s each on a 2-core CI machine.

    python bench/scoring.py [--items 100000] [--links 1000000] [--database-url URL] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.engine import create_engine, upgrade
from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.domain import ranking
from valueloop.domain.roles import Principal
from valueloop.services import formulas, rank_stability, scoring

TARGET_S = 2.0
SOURCES = ["support", "app review", "sales call", "interview", "survey:nps", "usage:adoption"]
SEGMENTS = ["SMB", "Mid-market", "Enterprise"]
TODAY = dt.date(2026, 6, 1)


def _copy_rows(connection: sa.Connection, table: sa.Table, columns: list[str], rows: Any) -> None:
    """Insert many rows fast: executemany on SQLite, COPY on PostgreSQL."""
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        assert raw is not None
        names = ", ".join(columns)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - our own table and column names
    connection.exec_driver_sql(statement, list(rows))


def seed(
    engine: sa.Engine, items: int, links: int, notes: int, customers: int, ranged: int
) -> None:
    rng = np.random.default_rng(5)
    now = dt.datetime(2026, 5, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    with engine.begin() as c:
        _copy_rows(
            c,
            t.users,
            [
                "id",
                "username",
                "password_hash",
                "is_admin",
                "is_active",
                "created_at",
                "updated_at",
            ],
            [(1, "bench", "x", True, True, now, now)],
        )
        _copy_rows(
            c,
            t.products,
            ["id", "name", "lifecycle_stage", "created_at", "updated_at"],
            [(1, "Big backlog", "launch", now, now), (2, "Uncertain", "launch", now, now)],
        )
        _copy_rows(
            c,
            t.goals,
            [
                "id",
                "product_id",
                "level",
                "title",
                "kva",
                "status",
                "weight",
                "created_at",
                "updated_at",
            ],
            [
                (g, 1, "strategic", f"Goal {g}", "current_value", "active", float(g), now, now)
                for g in range(1, 6)
            ],
        )
        arr = rng.lognormal(9, 1.2, customers)
        _copy_rows(
            c,
            t.customers,
            ["id", "name", "segment", "arr", "status", "created_at", "updated_at"],
            (
                (i + 1, f"Customer {i}", SEGMENTS[i % 3], float(arr[i]), "active", now, now)
                for i in range(customers)
            ),
        )
        keys = ranking.initial_keys(items + ranged)
        goal = rng.integers(0, 6, items)  # 0: no goal
        _copy_rows(
            c,
            t.backlog_items,
            [
                "id",
                "product_id",
                "title",
                "type",
                "status",
                "rank",
                "goal_id",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i + 1,
                    1 if i < items else 2,
                    f"Item {i}",
                    "feature",
                    "new",
                    keys[i],
                    int(goal[i]) or None if i < items else None,
                    now,
                    now,
                )
                for i in range(items + ranged)
            ),
        )
        base = dt.date(2023, 6, 1)
        day = rng.integers(0, 3 * 365, notes)
        customer = rng.integers(0, customers + 1, notes)
        source = rng.integers(0, len(SOURCES), notes)
        _copy_rows(
            c,
            t.feedback_notes,
            [
                "id",
                "text",
                "source",
                "customer_id",
                "received_on",
                "product_id",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i + 1,
                    "We need this",
                    SOURCES[source[i]],
                    int(customer[i]) or None,
                    base + dt.timedelta(days=int(day[i])),
                    1,
                    now,
                    now,
                )
                for i in range(notes)
            ),
        )
        item = rng.integers(1, items + 1, links)
        note = rng.integers(1, notes + 1, links)
        importance = rng.integers(0, 4, links)
        _copy_rows(
            c,
            t.feedback_links,
            ["id", "note_id", "item_id", "importance", "created_at"],
            ((i + 1, int(note[i]), int(item[i]), int(importance[i]), now) for i in range(links)),
        )
        _copy_rows(
            c,
            t.item_estimates,
            [
                "item_id",
                "field",
                "low",
                "likely",
                "high",
                "distribution",
                "created_at",
                "updated_at",
            ],
            _estimates(rng, items, ranged, now),
        )
        if c.dialect.name == "postgresql":
            for table in (
                t.users,
                t.products,
                t.goals,
                t.customers,
                t.backlog_items,
                t.feedback_notes,
                t.feedback_links,
            ):
                c.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 - our own table names
                    f"(SELECT max(id) FROM {table.name}))"
                )
        else:
            c.exec_driver_sql("ANALYZE")
    if engine.dialect.name == "postgresql":
        # The steady state autovacuum reaches: statistics, and a visibility map that lets
        # PostgreSQL read the links from their index alone.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")


def _estimates(
    rng: np.random.Generator, items: int, ranged: int, now: dt.datetime
) -> Iterator[tuple[Any, ...]]:
    """RICE estimates: 90% of the big backlog's items (points), every ranged item (ranges)."""
    for i in range(items + ranged):
        if i < items and rng.random() < 0.1:
            continue
        reach = float(rng.uniform(100, 5000))
        impact = float(rng.choice([0.25, 0.5, 1, 2, 3]))
        effort = float(rng.uniform(0.5, 6))
        if i < items:
            yield (i + 1, "reach", reach, reach, reach, "point", now, now)
            yield (i + 1, "impact", impact, impact, impact, "point", now, now)
            yield (i + 1, "effort", effort, effort, effort, "point", now, now)
        else:
            yield (i + 1, "reach", reach * 0.6, reach, reach * 1.5, "triangular", now, now)
            yield (i + 1, "impact", 0.25, impact, 3.0, "pert", now, now)
            yield (i + 1, "effort", effort, effort * 1.5, effort * 2, "uniform", now, now)


def measure(run: Callable[[], object], repeat: int) -> tuple[list[float], list[float], float]:
    """Wall and CPU seconds of each run, and the traced peak memory (MiB) of one more."""
    run()  # warm-up: imports, caches, the database's own buffers
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return walls, cpus, peak / 2**20


def report(label: str, walls: list[float], cpus: list[float], peak: float) -> None:
    best = min(walls)
    print(
        f"  {label}: best {best:.3f} s, median {statistics.median(walls):.3f} s of {len(walls)}, "
        f"CPU {min(cpus):.3f} s, peak {peak:.0f} MiB traced; {best / TARGET_S:.2f} × target"
    )


def bench(url: str, args: argparse.Namespace) -> None:
    engine = create_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    seed(engine, args.items, args.links, args.notes, args.customers, args.stability_items)
    print(
        f"{engine.dialect.name}: seeded {args.items:,} + {args.stability_items:,} items, "
        f"{args.links:,} links, {args.notes:,} notes, {args.customers:,} customers "
        f"in {time.perf_counter() - start:.1f} s"
    )
    actor = Principal(user_id=1, username="bench", is_admin=True)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    saved = formulas.create_formula(
        uow(), actor, 1, {"name": "ARR per effort", "text": "arr * confidence / effort"}
    )

    def rice() -> scoring.ScoreBoard:
        return scoring.score_board(uow(), actor, 1, "rice", limit=50, today=TODAY)

    def formula() -> scoring.ScoreBoard:
        return scoring.score_board(uow(), actor, 1, f"formula:{saved.id}", limit=50, today=TODAY)

    def stability() -> rank_stability.StabilityView:
        return rank_stability.product_rank_stability(
            uow(), actor, 2, "rice", draws=args.draws, top_k=10, today=TODAY
        )

    board = rice()
    print(
        f"  RICE board: {board.total:,} items, {board.scored:,} scored; top: "
        f"{board.items[0].score.explain() if board.items[0].score else '-'}"
    )
    report("score and rank, RICE (evidence confidence)", *measure(rice, args.repeat))
    report("score and rank, formula over customer roll-ups", *measure(formula, args.repeat))
    view = stability()
    assert view.report is not None
    print(f"  rank stability: {len(view.report.items):,} items × {view.report.draws:,} draws")
    report("rank stability, RICE", *measure(stability, args.repeat))
    engine.dispose()


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A scratch database on the server, dropped afterwards."""
    name = f"vl_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(admin.url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--notes", type=int, default=200_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--stability-items", type=int, default=10_000)
    parser.add_argument("--draws", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("VALUELOOP_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            bench(f"sqlite:///{Path(folder) / 'bench.db'}", args)
    if args.database_url:
        with postgres_database(args.database_url) as url:
            bench(url, args)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss:.0f} MiB (seeding included)")


if __name__ == "__main__":
    main()
