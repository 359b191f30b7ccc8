"""Fractional rank keys: a new key between any two keys, so a move rewrites one row only."""

from __future__ import annotations

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_INDEX = {ch: i for i, ch in enumerate(DIGITS)}


def key_between(before: str | None, after: str | None) -> str:
    """A key sorting strictly after `before` and before `after` (None means open-ended).

    Keys are compared as plain byte strings and never end in "0", so there is always room.
    """
    low = before or ""
    if after is not None and not low < after:
        raise ValueError(f"rank keys out of order: {before!r} !< {after!r}")
    for key in (low, after or ""):
        if key.endswith("0") or any(ch not in _INDEX for ch in key):
            raise ValueError(f"not a rank key: {key!r}")
    return _midpoint(low, after)


def _midpoint(low: str, high: str | None) -> str:
    if high is not None:
        common = 0
        while common < len(high) and (low[common] if common < len(low) else "0") == high[common]:
            common += 1
        if common:
            return high[:common] + _midpoint(low[common:], high[common:])
    digit_low = _INDEX[low[0]] if low else 0
    digit_high = _INDEX[high[0]] if high else len(DIGITS)
    if digit_high - digit_low > 1:
        return DIGITS[(digit_low + digit_high) // 2]
    if high is not None and len(high) > 1:
        return high[0]
    return DIGITS[digit_low] + _midpoint(low[1:], None)


def initial_keys(count: int) -> list[str]:
    """`count` evenly spread keys in ascending order, for seeding or re-spacing a list."""
    keys: list[str] = []
    width = 1
    while len(DIGITS) ** width - 1 < count:
        width += 1
    span = len(DIGITS) ** width
    for i in range(1, count + 1):
        n = i * span // (count + 1)
        digits = []
        for _ in range(width):
            n, r = divmod(n, len(DIGITS))
            digits.append(DIGITS[r])
        keys.append("".join(reversed(digits)).rstrip("0") or DIGITS[1])
    return keys
