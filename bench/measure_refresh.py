"""Refresh every computed measure of a 20-product portfolio holding 3 years of source data.

Seeds (in bulk) 20 products, each with a goal carrying one measure per built-in source (NPS,
eNPS, CSAT, satisfaction gap, revenue per employee, product cost ratio, unmet demand, technical
debt, time to learn), three years of weekly survey answers, monthly finance rows, feedback linked
to backlog items, and goal loops; then times `refresh_measures` over the whole portfolio.

    python bench/measure_refresh.py [--products 20] [--answers-per-week 40] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.engine import create_engine, upgrade
from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.domain import ranking
from valueloop.services import accounts, measure_sources

SOURCES = [
    "survey:nps",
    "survey:enps",
    "survey:csat",
    "survey:satisfaction_gap",
    "finance:revenue_per_employee",
    "finance:product_cost_ratio",
    "feedback:unmet_demand",
    "delivery:technical_debt",
    "experiments:time_to_learn",
]


def seed(engine: sa.Engine, products: int, per_week: int, seed_value: int = 7) -> dict[str, int]:
    rng = random.Random(seed_value)
    now = dt.datetime.now(dt.UTC)
    start = dt.date.today() - dt.timedelta(days=3 * 365)
    counts: dict[str, int] = {}

    def insert(table: sa.Table, rows: list[dict[str, object]]) -> None:
        if rows:
            connection.execute(sa.insert(table), rows)
            counts[table.name] = counts.get(table.name, 0) + len(rows)

    with engine.begin() as connection:
        customer_rows = [
            {
                "name": f"Customer {i}",
                "segment": rng.choice(["SMB", "Mid", "Ent"]),
                "plan": "pro",
                "arr": rng.lognormvariate(9, 1),
                "status": "active",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(500)
        ]
        insert(t.customers, customer_rows)
        for p in range(1, products + 1):
            insert(
                t.products,
                [
                    {
                        "id": p,
                        "name": f"Product {p}",
                        "lifecycle_stage": "optimization",
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
            insert(
                t.goals,
                [
                    {
                        "id": p,
                        "product_id": p,
                        "level": "strategic",
                        "title": "Value",
                        "kva": "current_value",
                        "status": "active",
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
            insert(
                t.measures,
                [
                    {
                        "goal_id": p,
                        "name": key,
                        "direction": "higher",
                        "kind": "outcome",
                        "baseline": 0,
                        "target": 1,
                        "computed_by": key,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for key in SOURCES
                ],
            )
            answers: list[dict[str, object]] = []
            for week in range(3 * 52):
                day0 = start + dt.timedelta(weeks=week)
                for survey, high in (("nps", 10), ("enps", 10), ("csat", 5)):
                    for i in range(per_week):
                        answers.append(
                            {
                                "product_id": p,
                                "survey": survey,
                                "respondent": f"r{week}-{i}",
                                "responded_on": day0 + dt.timedelta(days=i % 7),
                                "score": float(rng.randint(0 if high == 10 else 1, high)),
                                "desired": None,
                                "current": None,
                                "comment": "",
                                "created_at": now,
                            }
                        )
                for i in range(per_week // 4):
                    answers.append(
                        {
                            "product_id": p,
                            "survey": "gap",
                            "respondent": f"g{week}-{i}",
                            "responded_on": day0,
                            "score": None,
                            "desired": float(rng.randint(6, 10)),
                            "current": float(rng.randint(2, 9)),
                            "comment": "",
                            "created_at": now,
                        }
                    )
            insert(t.survey_responses, answers)
            insert(
                t.finance_records,
                [
                    {
                        "product_id": p,
                        "period_start": dt.date(
                            start.year + (start.month + m - 1) // 12,
                            (start.month + m - 1) % 12 + 1,
                            1,
                        ),
                        "cost": rng.uniform(4e4, 6e4),
                        "revenue": rng.uniform(8e4, 2e5),
                        "headcount": rng.randint(4, 12),
                        "source": "bench",
                        "created_at": now,
                    }
                    for m in range(36)
                ],
            )
            item_base = (p - 1) * 300
            keys = ranking.initial_keys(300)
            insert(
                t.backlog_items,
                [
                    {
                        "id": item_base + i + 1,
                        "product_id": p,
                        "title": f"Item {i}",
                        "type": rng.choice(["feature", "bug", "tech_debt"]),
                        "status": rng.choice(["new", "ready", "in_progress", "done"]),
                        "rank": keys[i],
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(300)
                ],
            )
            note_base = (p - 1) * 2000
            insert(
                t.feedback_notes,
                [
                    {
                        "id": note_base + i + 1,
                        "text": "need exports",
                        "source": "support",
                        "customer_id": rng.randint(1, 500),
                        "received_on": start + dt.timedelta(days=rng.randint(0, 1094)),
                        "product_id": p,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(2000)
                ],
            )
            insert(
                t.feedback_links,
                [
                    {
                        "note_id": note_base + i + 1,
                        "item_id": item_base + rng.randint(1, 300),
                        "importance": rng.randint(0, 3),
                        "created_at": now,
                    }
                    for i in range(2000)
                ],
            )
            insert(
                t.goal_experiments,
                [
                    {
                        "goal_id": p,
                        "hypothesis": f"h{i}",
                        "measurement": "m",
                        "hypothesized_on": start + dt.timedelta(days=30 * i),
                        "result_on": start + dt.timedelta(days=30 * i + rng.randint(5, 60)),
                        "result": "r",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(30)
                ],
            )
        if engine.dialect.name == "postgresql":
            for table in (t.products, t.goals, t.backlog_items, t.feedback_notes):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table.name}))"
                )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--answers-per-week", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = create_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    counts = seed(engine, args.products, args.answers_per_week)
    seeded = time.perf_counter() - started
    admin_user = accounts.create_first_admin(SqlUnitOfWork(engine), "bench", "bench-password-123")
    with SqlUnitOfWork(engine) as uow:
        admin = accounts.principal_for(uow, admin_user)

    started = time.perf_counter()
    report = measure_sources.refresh_measures(SqlUnitOfWork(engine), admin)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"engine: {engine.dialect.name}; seeded in {seeded:.1f} s: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
    )
    print(
        f"refresh: {report.measures} computed measures, {report.observations:,} observations "
        f"written in {elapsed:.2f} s "
        f"({elapsed / max(report.measures, 1) * 1000:.1f} ms per measure); "
        f"peak RSS {peak_mb:.0f} MB"
    )
    print(f"unavailable sources: {report.unavailable or 'none'}")


if __name__ == "__main__":
    main()
