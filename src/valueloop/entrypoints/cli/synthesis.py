"""`valueloop synthesize`: themes, duplicates and link suggestions for a product's feedback."""

from __future__ import annotations

from typing import Annotated

import typer

from valueloop.adapters.synthesis.synthesizer import default_synthesizer
from valueloop.domain.jobs import BackgroundJob, JobStatus
from valueloop.entrypoints.cli.console import fail, out, progress
from valueloop.entrypoints.cli.options import AnyProduct, DatabaseUrl, DataDir, User, acting
from valueloop.services import synthesis
from valueloop.services.synthesis import Mode
from valueloop.workspace.section import Section


class Runs(Section):
    """Synthesis runs as the workspace's user, recorded as jobs like the web app's."""

    def run(self, product_id: int, mode: Mode, title: str) -> BackgroundJob:
        uow, actor = self._call()
        job = synthesis.start_run(uow, actor, product_id, mode)
        with progress(title) as report:
            return synthesis.run_job(
                uow,
                actor,
                default_synthesizer(),
                job.id,
                mode,
                also=report,
                fresh_uow=self._ws._uow,
            )


def synthesize(
    product: AnyProduct = None,
    full: Annotated[
        bool, typer.Option("--full", help="Rebuild every theme (ids and edited labels kept).")
    ] = False,
    incremental: Annotated[
        bool,
        typer.Option("--incremental", help="Only let notes without a theme join the nearest one."),
    ] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Embed new notes, build or grow themes, and suggest duplicates and links (offline)."""
    if full and incremental:
        fail("choose --full or --incremental, not both")
    mode = Mode.FULL if full else Mode.INCREMENTAL if incremental else Mode.AUTO
    with acting(data_dir, database_url, user) as ws:
        chosen = [ws.products.find(product)] if product else ws.products.list()
        if not chosen:
            fail("there is no product to synthesize")
        runs = Runs(ws)
        for found in chosen:
            job = runs.run(found.id, mode, f"Synthesizing {found.name}")
            if job.status != JobStatus.SUCCEEDED:
                fail(f"{found.name}: {job.error}")
            r = job.result
            out.print(
                f"{found.name}: {r['mode']} run over {r['notes']} notes "
                f"({r['embedded']} embedded with {r['features']}); "
                f"{r['themes']} themes ({r['new_themes']} new, {r['retired_themes']} retired), "
                f"{r['themed']} notes themed, {r['joined']} joined a theme; "
                f"{r['duplicates']} duplicate and {r['suggestions']} link suggestions "
                f"(job {job.id})."
            )
