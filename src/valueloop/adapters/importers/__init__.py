"""Importers: one module per file format, each turning a file into rows or naming the bad line."""
