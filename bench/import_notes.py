"""Import a million feedback notes from one CSV file through the same use case the CLI calls.

Writes a CSV of `--rows` notes (text, title, external id, customer, author, date and two extra
columns) to a temporary folder, imports it into a fresh SQLite workspace (or `--database-url`)
as one transaction, and prints rows per second, the total time and the peak memory. A second
run over the same file shows the cost of an idempotent re-import (every row unchanged).

    python bench/import_notes.py [--rows 1000000] [--reimport] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from valueloop.adapters.db.engine import create_engine, upgrade
from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.adapters.importers import feedback_formats
from valueloop.domain.feedback_imports import parse_mapping
from valueloop.services import accounts, customers, feedback_imports, products

WORDS = [
    "export",
    "sso",
    "slow",
    "dashboard",
    "mobile",
    "crash",
    "invoice",
    "report",
    "sla",
    "billing",
    "search",
    "filter",
    "tags",
    "shortcut",
    "dark",
    "mode",
    "api",
    "webhook",
    "permissions",
    "audit",
    "calendar",
    "sync",
    "import",
    "attachment",
]
MAPPING = [
    "text=Body",
    "title=Subject",
    "external_id=Ticket ID",
    "customer=Account",
    "author=Requester",
    "received_on=Created",
]


def write_csv(path: Path, rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Ticket ID", "Subject", "Body", "Account", "Requester", "Created", "Channel", "Plan"]
        )
        for i in range(rows):
            words = " ".join(rng.choices(WORDS, k=rng.randint(8, 30)))
            writer.writerow(
                [
                    f"T-{i:07d}",
                    " ".join(rng.choices(WORDS, k=3)).capitalize(),
                    f"Customer says: {words}.",
                    f"ACC-{rng.randrange(200):03d}",
                    f"user{rng.randrange(5000)}@example.org",
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(("email", "chat", "web")),
                    rng.choice(("free", "pro", "enterprise")),
                ]
            )


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def run(url: str, path: Path, reimport: bool) -> None:
    engine = create_engine(url)
    upgrade(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    boss = accounts.create_first_admin(uow(), "bench", "correct horse battery staple")
    actor = accounts.principal_named(uow(), boss.username)
    product = products.create_product(uow(), actor, {"name": "Bench"}).id
    for i in range(200):
        customers.create_customer(
            uow(), actor, {"name": f"Account {i}", "external_id": f"ACC-{i:03d}"}
        )
    mapping = parse_mapping(MAPPING)
    for label in ("import", "re-import") if reimport else ("import",):
        started = time.perf_counter()
        notes = feedback_formats.read("csv", path, mapping=mapping)
        counted = time.perf_counter() - started
        counts = feedback_imports.import_notes(
            uow(), actor, product, notes.drafts, source=notes.name, total=notes.total
        )
        elapsed = time.perf_counter() - started
        print(
            f"{label:>9}: {counts.rows:,} rows in {elapsed:.1f} s "
            f"({counts.rows / elapsed:,.0f} rows/s; counting rows took {counted:.1f} s) — "
            f"{counts.created:,} created, {counts.updated:,} updated, "
            f"{counts.unchanged:,} unchanged; peak RSS {peak_rss_mb():,.0f} MB"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reimport", action="store_true", help="import the file a second time")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.csv"
        started = time.perf_counter()
        write_csv(path, args.rows)
        size = path.stat().st_size / 1024 / 1024
        print(f"wrote {args.rows:,} rows ({size:,.0f} MB) in {time.perf_counter() - started:.1f} s")
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        run(url, path, args.reimport)


if __name__ == "__main__":
    main()
