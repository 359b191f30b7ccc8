"""Pure product-management rules: plain values and functions, no I/O and no frameworks."""
