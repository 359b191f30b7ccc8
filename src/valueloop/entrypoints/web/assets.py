"""Static files: our own CSS and JS, and Plotly's bundle served from the installed package."""

from __future__ import annotations

import functools
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)


@functools.cache
def plotly_bundle() -> Path | None:
    """The minified plotly.js that ships inside the `plotly` Python package, if installed."""
    try:
        import plotly
    except ImportError:
        return None
    package = Path(plotly.__file__).parent
    usual = package / "package_data" / "plotly.min.js"
    if usual.is_file():
        return usual
    return next(iter(sorted(package.rglob("plotly.min.js"))), None)


@router.get("/static/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    bundle = plotly_bundle()
    if bundle is None:
        raise HTTPException(404, "plotly is not installed")
    return FileResponse(
        bundle,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )
