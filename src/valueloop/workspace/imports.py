"""Imports of feedback files (CSV, JSON Lines, Zendesk, Intercom, app stores, interviews) and of
CRM exports (accounts and contacts), for the Python API and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from valueloop.adapters.importers import crm, feedback_formats
from valueloop.adapters.importers.feedback_formats import Format
from valueloop.domain.crm_imports import CrmKind
from valueloop.domain.feedback_imports import ImportCounts, Progress, parse_mapping
from valueloop.services import crm_imports, feedback_imports
from valueloop.workspace.section import Section


class Imports(Section):
    def feedback(
        self,
        format: Format | str,
        path: str | Path,
        product_id: int,
        *,
        mapping: Sequence[str] = (),
        source: str | None = None,
        date_format: str | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
        overwrite_edited: bool = False,
    ) -> ImportCounts:
        """Import a feedback file (or a folder of interview notes) into a product; all rows or
        none. `mapping` holds `field=column` pairs for csv and jsonl files; notes edited by hand
        keep their edit unless `overwrite_edited`."""
        notes = feedback_formats.read(
            format,
            path,
            mapping=parse_mapping(list(mapping), date_format=date_format),
            source=source,
        )
        return feedback_imports.import_notes(
            *self._call(),
            product_id,
            notes.drafts,
            source=notes.name,
            total=notes.total,
            progress=progress,
            dry_run=dry_run,
            overwrite_edited=overwrite_edited,
        )

    def customers(
        self,
        path: str | Path,
        *,
        kind: CrmKind | str | None = None,
        progress: Progress | None = None,
    ) -> ImportCounts:
        """Customers (an accounts file) or people (a contacts file) from a CRM CSV export."""
        found = crm.read(path, CrmKind(kind) if kind else None)
        return crm_imports.import_file(*self._call(), found, progress=progress)
