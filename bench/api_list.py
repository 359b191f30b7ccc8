"""Open-loop load on the backlog list endpoint: 100 requests/s for 20 s against one worker.

Seeds a SQLite workspace with one product and a backlog of 10,000 items, serves it with uvicorn
(one worker, its own process) on a free loopback port, and from another process sends
`GET /api/v1/products/{id}/items?limit=50&offset=<random>` with a Bearer token on a fixed
schedule. The load is open-loop: a slow answer does not delay the next request, so queueing
shows in the latency instead of being hidden, and latency counts from the scheduled send time.

The client's own cost is measured too: the same client first runs the same schedule against a
minimal HTTP server that answers a fixed body. That floor is what loopback, HTTP and the client
cost before valueloop does any work.

    python bench/api_list.py [--rate 100] [--duration 20] [--items 10000] [--database-url URL]

Prints p50/p90/p99/max, the achieved rate, errors, and ratios: p99 against the 50 ms target and
p50 against the floor. Loopback only; every run stops by itself after `--duration` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

TARGET_P99_MS = 50.0
HOST = "127.0.0.1"
PAGE = 50


@dataclass
class Run:
    """What one load run observed."""

    planned: int
    seconds: float = 0.0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)  # scheduled send → body read
    lags_ms: list[float] = field(default_factory=list)  # scheduled send → actual send


# The workspace


def seed(database_url: str, items: int) -> tuple[int, str]:
    """Migrate and fill a workspace; the product's id and an API token's secret."""
    from valueloop.adapters.db import tables as t
    from valueloop.adapters.db.engine import create_engine, upgrade
    from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
    from valueloop.domain.ranking import initial_keys
    from valueloop.services import accounts, products

    engine = create_engine(database_url)
    upgrade(engine)
    user = accounts.create_first_admin(SqlUnitOfWork(engine), "bench", "bench-password")
    with SqlUnitOfWork(engine) as uow:
        admin = accounts.principal_for(uow, user)
    product = products.create_product(SqlUnitOfWork(engine), admin, {"name": "Bench"})
    rng = random.Random(1)
    start = dt.datetime.now(dt.UTC)
    rows = []
    for n, rank in enumerate(initial_keys(items)):
        stamp = start - dt.timedelta(minutes=n)
        rows.append(
            {
                "product_id": product.id,
                "title": f"Item {n}: {rng.choice(['export', 'single sign-on', 'billing'])}",
                "description": "As a customer I want this so that my team saves time. " * 3,
                "type": rng.choice(["feature", "improvement", "bug", "tech_debt"]),
                "status": rng.choice(["new", "ready", "in_progress", "done"]),
                "estimate": rng.choice([None, 1.0, 2.0, 3.0, 5.0, 8.0]),
                "rank": rank,
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }
        )
    # One multi-row insert through the unit of work's connection: seconds, not minutes.
    with SqlUnitOfWork(engine) as uow:
        uow.connection.execute(sa.insert(t.backlog_items), rows)
        uow.commit()
    secret, _ = accounts.create_token(SqlUnitOfWork(engine), admin, "bench")
    engine.dispose()
    return product.id, secret


# Servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start_valueloop(database_url: str, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """uvicorn with one worker serving the app factory, as its own process."""
    env = {
        **os.environ,
        "VALUELOOP_DATABASE_URL": database_url,
        "VALUELOOP_DATA_DIR": str(data_dir),
        "VALUELOOP_SECRET_KEY": "bench-secret",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "valueloop.entrypoints.app:create_app",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(command, env=env)


def floor_server(port: int, body: bytes) -> None:
    """A minimal HTTP/1.1 keep-alive server answering `body` to every request (the floor)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                writer.write(head + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def serve() -> None:
        server = await asyncio.start_server(handle, HOST, port)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time a process has used (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_pressure() -> float | None:
    """Share of the last minute in which runnable tasks waited for a CPU (Linux PSI), or None."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return float(dict(kv.split("=") for kv in some.split()[1:])["avg60"])


def wait_until_ready(url: str, headers: dict[str, str], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, headers=headers, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server at {url} did not answer within {timeout_s:.0f} s")


# The load generator (runs in its own process)


def generate_load(
    base_url: str,
    path: str,
    token: str,
    rate: float,
    duration_s: float,
    items: int,
    results: multiprocessing.Queue[Run],
) -> None:
    """Send `rate` requests per second for `duration_s` seconds on a fixed schedule."""
    planned = int(rate * duration_s)
    run = Run(planned=planned)
    lock = threading.Lock()
    rng = random.Random(42)
    offsets = [rng.randrange(0, max(1, items - PAGE)) for _ in range(planned)]
    threads = 64  # enough that a stall of a few seconds never makes the client the queue
    # One client for every thread (httpx clients are thread-safe), made before the clock runs:
    # a client per thread built on demand costs tens of milliseconds of CPU each (an SSL
    # context), enough to stall the schedule for seconds as threads are added under load.
    client = httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
        limits=httpx.Limits(max_connections=threads, max_keepalive_connections=threads),
    )

    def one(scheduled: float, offset: int) -> None:
        sent = time.perf_counter()
        try:
            response = client.get(path, params={"limit": PAGE, "offset": offset})
            ok = response.status_code == 200
            kind = f"HTTP {response.status_code}"
        except httpx.HTTPError as error:
            ok, kind = False, type(error).__name__
        done = time.perf_counter()
        with lock:
            run.lags_ms.append((sent - scheduled) * 1000)
            if ok:
                run.latencies_ms.append((done - scheduled) * 1000)
            else:
                run.errors += 1
                run.error_kinds[kind] = run.error_kinds.get(kind, 0) + 1

    with ThreadPoolExecutor(max_workers=threads) as pool:
        # Start every thread and open every connection now, then warm the server's caches.
        ready = threading.Barrier(threads)

        def warm(offset: int) -> None:
            ready.wait(timeout=30)
            client.get(path, params={"limit": PAGE, "offset": offset})

        for future in [pool.submit(warm, offset) for offset in offsets[:threads]]:
            future.result()
        for offset in offsets[:20]:
            pool.submit(one, time.perf_counter(), offset).result()
        run.lags_ms.clear()
        run.latencies_ms.clear()
        run.errors = 0
        run.error_kinds.clear()
        start = time.perf_counter() + 0.1
        for n, offset in enumerate(offsets):
            scheduled = start + n / rate
            pause = scheduled - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(one, scheduled, offset)
    run.seconds = time.perf_counter() - start
    client.close()
    results.put(run)


def load(base_url: str, path: str, token: str, rate: float, duration_s: float, items: int) -> Run:
    """Run the load generator in a separate process and collect what it saw."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[Run] = context.Queue()
    worker = context.Process(
        target=generate_load, args=(base_url, path, token, rate, duration_s, items, results)
    )
    worker.start()
    run = results.get(timeout=duration_s + 120)
    worker.join(timeout=30)
    return run


# Report


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0–1) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def describe(name: str, run: Run) -> dict[str, float]:
    figures = {
        "p50": percentile(run.latencies_ms, 0.50),
        "p90": percentile(run.latencies_ms, 0.90),
        "p99": percentile(run.latencies_ms, 0.99),
        "max": max(run.latencies_ms, default=float("nan")),
        "rate": (len(run.latencies_ms) + run.errors) / run.seconds if run.seconds else 0.0,
        "lag_p99": percentile(run.lags_ms, 0.99),
    }
    print(
        f"{name:<10} p50 {figures['p50']:7.2f} ms  p90 {figures['p90']:7.2f} ms  "
        f"p99 {figures['p99']:7.2f} ms  max {figures['max']:7.2f} ms  "
        f"rate {figures['rate']:6.1f}/s  errors {run.errors}"
        + (f" {run.error_kinds}" if run.error_kinds else "")
        + f"  client lag p99 {figures['lag_p99']:.2f} ms"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (≤ 120)")
    parser.add_argument("--items", type=int, default=10_000, help="backlog size")
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory")
    args = parser.parse_args()
    duration = min(args.duration, 120.0)

    with tempfile.TemporaryDirectory(prefix="vl-bench-") as folder:
        data_dir = Path(folder)
        database_url = args.database_url or f"sqlite:///{data_dir / 'valueloop.db'}"
        began = time.perf_counter()
        product_id, token = seed(database_url, args.items)
        print(
            f"seeded {args.items:,} items in {time.perf_counter() - began:.1f} s "
            f"({sa.engine.make_url(database_url).get_backend_name()})"
        )
        path = f"/api/v1/products/{product_id}/items"

        floor_port = free_port()
        port = free_port()
        server = start_valueloop(database_url, data_dir, port)
        floor = None
        try:
            base_url = f"http://{HOST}:{port}"
            headers = {"Authorization": f"Bearer {token}"}
            wait_until_ready(f"{base_url}/api/v1/me", headers)
            page = httpx.get(f"{base_url}{path}", params={"limit": PAGE}, headers=headers)
            page.raise_for_status()

            # The floor: the same client and schedule against a server that does no work and
            # answers a real page's bytes.
            context = multiprocessing.get_context("spawn")
            floor = context.Process(target=floor_server, args=(floor_port, page.content))
            floor.start()
            wait_until_ready(f"http://{HOST}:{floor_port}/", {})
            print(
                f"load: {args.rate:g} requests/s for {duration:g} s, open loop, "
                f"GET {path}?limit={PAGE}&offset=<random> ({len(page.content):,} bytes a page)"
            )
            floor_run = load(
                f"http://{HOST}:{floor_port}", path, token, args.rate, duration, args.items
            )
            cpu_before = cpu_seconds(server.pid)
            app_run = load(base_url, path, token, args.rate, duration, args.items)
            cpu_after = cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
            if floor is not None:
                floor.terminate()
                floor.join(timeout=10)

    floor_figures = describe("floor", floor_run)
    figures = describe("valueloop", app_run)
    if cpu_before is not None and cpu_after is not None:
        # The server's own CPU cost hardly depends on what else runs on the machine; the
        # latencies do, and the CPU pressure says how much they were disturbed.
        used = cpu_after - cpu_before
        pressure = cpu_pressure()
        print(
            f"server CPU {used / max(1, app_run.planned) * 1000:.2f} ms per request "
            f"({used / app_run.seconds * 100:.0f}% of one core); "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
            + (f", CPU pressure {pressure:.0f}%" if pressure is not None else "")
        )
        if pressure is not None and pressure > 20:
            print(
                "warning: other processes kept this one waiting for a CPU; the latencies show "
                "the machine, the CPU per request shows valueloop"
            )
    print(
        f"ratios: p99 / {TARGET_P99_MS:g} ms target = {figures['p99'] / TARGET_P99_MS:.2f}; "
        f"p50 / floor p50 = {figures['p50'] / floor_figures['p50']:.1f}; "
        f"achieved / planned rate = {figures['rate'] / args.rate:.2f}"
    )
    ok = figures["p99"] <= TARGET_P99_MS and app_run.errors == 0
    print("within target" if ok else "OUTSIDE the target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
