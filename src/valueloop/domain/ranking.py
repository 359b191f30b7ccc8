"""Fractional rank keys: a new key between any two keys, so a move rewrites one row only."""

from __future__ import annotations

from collections.abc import Sequence

from valueloop.domain.errors import ValidationFailed

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_INDEX = {ch: i for i, ch in enumerate(DIGITS)}
# Keys are stored in 255 characters: a list whose new key grows past this is re-spaced.
RESPACE_AT = 120


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


def key_among(
    ordered: Sequence[tuple[int, str]],
    moving_id: int,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
    where: str = "that list",
) -> str:
    """The key for `moving_id` placed after `after_id`, before `before_id`, or (neither) at the
    end of a list (a roadmap lane, a story map column) given as (id, key) in rank order; the
    record itself is skipped, and an id not in the list (0, say) places a new record."""
    others = [(i, key) for i, key in ordered if i != moving_id]
    ids = [i for i, _ in others]
    for name, anchor in (("after_id", after_id), ("before_id", before_id)):
        if anchor == moving_id:
            raise ValidationFailed("a record cannot be placed next to itself", field=name)
        if anchor is not None and anchor not in ids:
            raise ValidationFailed(f"{anchor} is not in {where}", field=name)
    if after_id is not None:
        at = ids.index(after_id)
        high = others[at + 1][1] if at + 1 < len(others) else None
        return key_between(others[at][1], high)
    if before_id is not None:
        at = ids.index(before_id)
        low = others[at - 1][1] if at > 0 else None
        return key_between(low, others[at][1])
    return key_between(others[-1][1] if others else None, None)
