"""Entry points: HTTP API, web pages and the CLI. Each parses, calls one use case, renders."""
