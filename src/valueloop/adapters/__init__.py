"""Adapters: the outside world (databases, files, other tools) behind the services' ports."""
