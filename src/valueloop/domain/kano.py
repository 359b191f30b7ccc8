"""Kano analysis: answer pairs → categories, a per-feature verdict and Better/Worse coefficients.

Each respondent answers a functional question ("if the product had this feature…") and a
dysfunctional one ("if it did not…"). The pair is classified by the standard evaluation table;
the feature's category is the most frequent one (ties: M > O > A > I > R > Q), and the customer
satisfaction coefficients are Better = (A+O)/(A+O+M+I) and Worse = −(O+M)/(A+O+M+I).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain.errors import ValidationFailed


class Answer(StrEnum):
    LIKE = "like"
    EXPECT = "expect"
    NEUTRAL = "neutral"
    LIVE_WITH = "live_with"
    DISLIKE = "dislike"


class Category(StrEnum):
    ATTRACTIVE = "attractive"
    ONE_DIMENSIONAL = "one_dimensional"
    MUST_BE = "must_be"
    INDIFFERENT = "indifferent"
    REVERSE = "reverse"
    QUESTIONABLE = "questionable"

    @property
    def letter(self) -> str:
        return LETTERS[self]


LETTERS = {
    Category.ATTRACTIVE: "A",
    Category.ONE_DIMENSIONAL: "O",
    Category.MUST_BE: "M",
    Category.INDIFFERENT: "I",
    Category.REVERSE: "R",
    Category.QUESTIONABLE: "Q",
}
_BY_LETTER = {letter: category for category, letter in LETTERS.items()}

# The evaluation table: rows are the functional answer, columns the dysfunctional answer, both
# in the order like, expect, neutral, live with, dislike.
_ROWS = {
    Answer.LIKE: "QAAAO",
    Answer.EXPECT: "RIIIM",
    Answer.NEUTRAL: "RIIIM",
    Answer.LIVE_WITH: "RIIIM",
    Answer.DISLIKE: "RRRRQ",
}
TABLE: dict[tuple[Answer, Answer], Category] = {
    (functional, dysfunctional): _BY_LETTER[row[column]]
    for functional, row in _ROWS.items()
    for column, dysfunctional in enumerate(Answer)
}

# Which category wins when two are equally frequent.
TIE_ORDER = (
    Category.MUST_BE,
    Category.ONE_DIMENSIONAL,
    Category.ATTRACTIVE,
    Category.INDIFFERENT,
    Category.REVERSE,
    Category.QUESTIONABLE,
)

_CODES = frozenset(a.value for a in Answer)

# Wordings survey tools export, and the 1–5 coding (1 = like … 5 = dislike).
_ALIASES = {
    "i like it": Answer.LIKE,
    "i like it that way": Answer.LIKE,
    "i expect it": Answer.EXPECT,
    "it must be that way": Answer.EXPECT,
    "must be": Answer.EXPECT,
    "i am neutral": Answer.NEUTRAL,
    "i'm neutral": Answer.NEUTRAL,
    "i can live with it": Answer.LIVE_WITH,
    "live with": Answer.LIVE_WITH,
    "tolerate": Answer.LIVE_WITH,
    "i dislike it": Answer.DISLIKE,
    "i dislike it that way": Answer.DISLIKE,
    "1": Answer.LIKE,
    "2": Answer.EXPECT,
    "3": Answer.NEUTRAL,
    "4": Answer.LIVE_WITH,
    "5": Answer.DISLIKE,
}


def answer(value: object, name: str) -> Answer:
    """An answer from its code (`live_with`), a common wording or its 1–5 number."""
    if isinstance(value, Answer):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        text = " ".join(value.strip().lower().replace("’", "'").split())
        code = text.replace(" ", "_").replace("-", "_")
        if code in _CODES:
            return Answer(code)
        if text in _ALIASES:
            return _ALIASES[text]
    allowed = ", ".join(a.value for a in Answer)
    raise ValidationFailed(f"{name} must be one of: {allowed}", field=name)


def classify(functional: object, dysfunctional: object) -> Category:
    """The category of one respondent's answer pair, by the evaluation table."""
    return TABLE[answer(functional, "functional"), answer(dysfunctional, "dysfunctional")]


@dataclass(frozen=True, slots=True)
class KanoResult:
    """A feature's Kano verdict from all its respondents."""

    category: Category
    counts: dict[Category, int]
    respondents: int
    better: float | None  # 0…1; None when every answer was reverse or questionable
    worse: float | None  # −1…0

    def explain(self) -> str:
        """The tally behind the verdict, e.g. "must_be (M 5, O 3, A 1, I 1 of 10)"."""
        tally = ", ".join(f"{c.letter} {self.counts[c]}" for c in TIE_ORDER if self.counts[c])
        return f"{self.category.value} ({tally} of {self.respondents})"


def evaluate(pairs: Iterable[tuple[object, object]]) -> KanoResult:
    """Classify every (functional, dysfunctional) pair and sum them up for the feature."""
    counts: Counter[Category] = Counter(classify(fn, dys) for fn, dys in pairs)
    respondents = sum(counts.values())
    if not respondents:
        raise ValidationFailed("a Kano result needs at least one answer pair", field="answers")
    category = max(TIE_ORDER, key=lambda c: (counts[c], -TIE_ORDER.index(c)))
    a, o = counts[Category.ATTRACTIVE], counts[Category.ONE_DIMENSIONAL]
    m, i = counts[Category.MUST_BE], counts[Category.INDIFFERENT]
    total = a + o + m + i
    return KanoResult(
        category=category,
        counts={c: counts[c] for c in Category},
        respondents=respondents,
        better=(a + o) / total if total else None,
        worse=0.0 - (o + m) / total if total else None,  # 0.0 − …: never −0.0
    )


@dataclass(frozen=True, slots=True)
class KanoAnswer:
    """One respondent's answer pair about one backlog item, as stored."""

    id: int
    product_id: int
    item_id: int
    respondent: str
    customer_id: int | None
    functional: Answer
    dysfunctional: Answer
    answered_on: dt.date | None
    source_file: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class KanoRow:
    """One line of a Kano survey file: the item (id or title), the respondent and the pair."""

    line: int
    item: str
    respondent: str
    functional: str
    dysfunctional: str
    customer: str
    answered_on: dt.date | None
