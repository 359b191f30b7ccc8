"""Use cases for surveys: import NPS, eNPS, CSAT and satisfaction-gap answers; scores per period."""

from __future__ import annotations

from collections.abc import Sequence

from valueloop.domain import fields as f
from valueloop.domain import surveys
from valueloop.domain.errors import DomainError, NotFound, ValidationFailed
from valueloop.domain.imports import ImportReport, at_line
from valueloop.domain.roles import Action, Principal
from valueloop.domain.surveys import GAP, Period, PeriodScore, SurveyAnswer, SurveyKind
from valueloop.services import changes, measure_sources
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

SURVEYS = (*(k.value for k in SurveyKind), GAP)


def import_answers(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    survey: str,
    answers: Sequence[SurveyAnswer],
    source: str,
) -> ImportReport:
    """Store a survey's answers for a product; comments become feedback notes of the customer.

    All or nothing: the first bad row aborts the import with its line and field. Re-importing the
    same file changes nothing (answers are keyed by respondent and date). Computed survey measures
    are refreshed in the same transaction.
    """
    if survey not in SURVEYS:
        raise ValidationFailed(f"survey must be one of: {', '.join(SURVEYS)}", field="survey")
    created = updated = unchanged = 0
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_OBSERVATION, product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
        customers = uow.customers.list().items
        by_ref = {c.name.lower(): c.id for c in customers}
        by_ref.update({c.external_id.lower(): c.id for c in customers if c.external_id})
        existing = {
            (r.respondent, r.responded_on): r
            for r in uow.survey_responses.list({"product_id": product_id, "survey": survey}).items
        }
        seen: set[tuple[str, object]] = set()
        for answer in answers:
            try:
                values = _values(survey, answer, by_ref)
            except DomainError as error:
                raise at_line(source, answer.line, error) from None
            key = (answer.respondent, answer.responded_on)
            if key in seen:
                raise at_line(
                    source,
                    answer.line,
                    ValidationFailed(
                        "this respondent answered twice on this date", field="respondent"
                    ),
                )
            seen.add(key)
            values["note_id"] = _note(uow, actor, product_id, survey, answer, values)
            current = existing.get(key)
            if current is None:
                uow.survey_responses.add(
                    {
                        **values,
                        "product_id": product_id,
                        "survey": survey,
                        "respondent": answer.respondent,
                        "responded_on": answer.responded_on,
                        "source_file": source[:300],
                    }
                )
                created += 1
            elif any(getattr(current, k) != v for k, v in values.items()):
                uow.survey_responses.update(current.id, None, values)
                updated += 1
            else:
                unchanged += 1
        measure_sources.refresh_product(uow, product_id, prefix="survey:")
        uow.commit()
    return ImportReport(source, len(answers), created, updated, unchanged)


def _values(survey: str, answer: SurveyAnswer, by_ref: dict[str, int]) -> dict[str, object]:
    if not answer.respondent:
        raise ValidationFailed("respondent is empty", field="respondent")
    customer_id = None
    if answer.customer:
        customer_id = by_ref.get(answer.customer.lower())
        if customer_id is None:
            raise NotFound(
                f"no customer named or with external id {answer.customer!r}", field="customer"
            )
    values: dict[str, object] = {
        "customer_id": customer_id,
        "comment": f.text({"comment": answer.comment}, "comment", max_len=20_000),
        "score": None,
        "desired": None,
        "current": None,
    }
    if survey == GAP:
        for name in ("desired", "current"):
            value = getattr(answer, name)
            if value is None:
                raise ValidationFailed(f"{name} is empty", field=name)
            values[name] = f.number(value, name, minimum=0, maximum=10)
    else:
        if answer.score is None or not float(answer.score).is_integer():
            raise ValidationFailed("score must be a whole number", field="score")
        values["score"] = float(surveys.check_score(SurveyKind(survey), int(answer.score)))
    return values


def _note(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    survey: str,
    answer: SurveyAnswer,
    values: dict[str, object],
) -> int | None:
    """The feedback note holding the answer's comment (created or updated), or None without one."""
    comment = str(values["comment"])
    if not comment:
        return None
    source = f"survey:{survey}"
    external_id = f"{product_id}:{answer.respondent}:{answer.responded_on.isoformat()}"[:200]
    found = uow.notes.list({"source": source, "external_id": external_id}).items
    text = comment if values["score"] is None else f"{comment} (score {values['score']:g})"
    if found:
        note = found[0]
        if note.text != text or note.customer_id != values["customer_id"]:
            uow.notes.update(note.id, None, {"text": text, "customer_id": values["customer_id"]})
        return note.id
    note = uow.notes.add(
        {
            "text": text,
            "source": source,
            "customer_id": values["customer_id"],
            "author": answer.respondent,
            "received_on": answer.responded_on,
            "external_id": external_id,
            "product_id": product_id,
            "created_by": actor.user_id,
        }
    )
    changes.logged(uow, actor, "feedback", note.id, "import", {"source": [None, source]})
    return note.id


def scores(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    survey: SurveyKind,
    period: Period = Period.MONTH,
    confidence: float = 0.95,
) -> list[PeriodScore]:
    """A survey's score per period with its interval."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        tallies = uow.survey_responses.tallies(product_id, survey.value)
    return surveys.by_period_of_tallies(
        survey, ((day, int(value), n) for day, value, n in tallies), period, confidence
    )
