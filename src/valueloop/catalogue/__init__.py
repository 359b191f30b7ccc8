"""Reference data shipped with valueloop (read with importlib.resources, edited per workspace)."""
