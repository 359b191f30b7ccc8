"""valueloop: evidence-based product management."""

__version__ = "0.1.0"
