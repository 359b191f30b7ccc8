"""Relational storage: SQLAlchemy tables, repositories and the unit of work."""
