"""Offline feedback synthesis: embeddings, near-duplicates, themes and link suggestions."""

from valueloop.adapters.synthesis.duplicates import exact_duplicates, find_duplicates
from valueloop.adapters.synthesis.embeddings import (
    Embedder,
    EmbeddingFallbackWarning,
    ModelUnavailable,
    OnnxMiniLM,
    TfidfSvd,
    load_embedder,
)
from valueloop.adapters.synthesis.engine import SynthesisEngine, SynthesisResult
from valueloop.adapters.synthesis.links import LinkSuggestion, suggest_links, suggest_links_many
from valueloop.adapters.synthesis.themes import (
    Assignment,
    Theme,
    ThemeModel,
    build_themes,
    recluster,
)

__all__ = [
    "Assignment",
    "Embedder",
    "EmbeddingFallbackWarning",
    "LinkSuggestion",
    "ModelUnavailable",
    "OnnxMiniLM",
    "SynthesisEngine",
    "SynthesisResult",
    "TfidfSvd",
    "Theme",
    "ThemeModel",
    "build_themes",
    "exact_duplicates",
    "find_duplicates",
    "load_embedder",
    "recluster",
    "suggest_links",
    "suggest_links_many",
]
