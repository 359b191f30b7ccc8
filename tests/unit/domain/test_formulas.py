"""Custom formulas: results, refusals with positions, and no text that crashes or runs code."""

from __future__ import annotations

import builtins
import math
import sys
from contextlib import contextmanager, suppress

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.formulas import (
    FUNCTIONS,
    MAX_LENGTH,
    MAX_NODES,
    FormulaError,
    compile_formula,
)
from valueloop.domain.scoring import Term, rice

ITEM = {"reach": 450, "impact": 3, "confidence": 1.0, "effort": 2, "customers_arr": 120_000,
        "segment_enterprise": 1, "rice": 675}  # fmt: skip


def value(text: str, **values: float) -> float:
    return compile_formula(text).evaluate({**ITEM, **values}).value


def error_of(text: str, **values: float) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        compile_formula(text).evaluate({**ITEM, **values})
    assert "formula" == caught.value.field
    return caught.value


# --- What it computes -------------------------------------------------------------------------


def test_a_rice_formula_typed_by_a_user_matches_the_built_in_framework():
    result = compile_formula("reach * impact * confidence / effort").evaluate(ITEM)

    assert rice(450, 3, 1.0, 2).value == result.value
    assert ("reach", "impact", "confidence", "effort") == compile_formula(result.formula).names
    assert (
        Term("reach", 450.0),
        Term("impact", 3.0),
        Term("confidence", 1.0),
        Term("effort", 2.0),
    ) == result.terms


def test_a_formula_divides_arr_by_effort_but_never_by_less_than_one():
    assert 60_000.0 == value("customers_arr / max(effort, 1)")
    assert 120_000.0 == value("customers_arr / max(effort, 1)", effort=0)


def test_a_formula_doubles_the_rice_score_of_enterprise_items():
    assert 1350.0 == value("if(segment_enterprise > 0, 2, 1) * rice")
    assert 675.0 == value("if(segment_enterprise > 0, 2, 1) * rice", segment_enterprise=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3 - 4", 3.0),
        ("7 / 2", 3.5),
        ("7 % 3", 1.0),
        ("-7 % 3", 2.0),  # as Python: the result takes the divisor's sign
        ("2 ** 10", 1024.0),
        ("(-8) ** 3", -512.0),
        ("-reach + +effort", -448.0),
        ("3 > 2", 1.0),
        ("3 <= 2", 0.0),
        ("1 < 2 < 3", 1.0),
        ("1 < 3 < 2", 0.0),
        ("2 == 2.0", 1.0),
        ("2 != 2", 0.0),
        ("2 and 0", 0.0),
        ("0 or 5", 1.0),
        ("not 0", 1.0),
        ("True + True", 2.0),
        ("10 if reach > 100 else 20", 10.0),
        ("min(3, 1, 2) + max(4, 6)", 7.0),
        ("min(5)", 5.0),
        ("abs(-2.5)", 2.5),
        ("round(2.5) + round(-2.5)", 0.0),
        ("round(2.5)", 3.0),  # halves round away from zero, as in spreadsheets
        ("round(1234.5678, 2)", 1234.57),
        ("round(1234.5678, -2)", 1200.0),
        ("floor(2.7) + ceil(2.1)", 5.0),
        ("log(exp(2))", 2.0),
        ("log(1000, 10)", 3.0),
        ("sqrt(16)", 4.0),
        ("clamp(15, 0, 10) + clamp(-5, 0, 10) + clamp(5, 0, 10)", 15.0),
        ("if(1, 2, 3) + if(0, 2, 3)", 5.0),
        ("2 * if(effort > 1, 3, 4)", 6.0),
        ("not if(0, 1, 0)", 1.0),
        ("if(if(1, 0, 1), 10, 20)", 20.0),
        ("if (effort > 1, 3, 4)", 3.0),
        ("reach if (effort) else 1", 450.0),  # `if` after an operand is Python's conditional
        ("(reach +\n effort) * 2", 904.0),
        ("   reach  # a comment", 450.0),
    ],
)
def test_the_language_computes_like_arithmetic_with_true_as_one(text, expected):
    assert expected == pytest.approx(value(text))


def test_if_and_or_and_the_conditional_only_evaluate_the_branch_they_take():
    assert 0.0 == value("if(effort > 0, reach / effort, 0)", effort=0)
    assert 7.0 == value("7 if effort == 0 else reach / effort", effort=0)
    assert 0.0 == value("effort > 0 and reach / effort > 1", effort=0)
    assert 1.0 == value("effort == 0 or reach / effort > 1", effort=0)
    assert 0.0 == value("effort > 0 < reach / effort", effort=0)


# --- What it refuses, and where ---------------------------------------------------------------


def test_an_unknown_name_points_at_it_and_suggests_the_closest_field():
    error = error_of("reach * reech")

    assert "formula, column 9: unknown name 'reech' (did you mean 'reach'?)" == error.message
    assert "reach * reech\n        ^^^^^" == error.pointer()
    assert (1, 9, 5) == (error.line, error.column, error.width)


def test_division_by_zero_names_the_divisor_that_was_zero():
    error = error_of("reach / (effort - 2)")

    assert "formula, column 10: division by zero (effort - 2 is 0)" == error.message
    assert "         ^^^^^^^^^^" == error.pointer().splitlines()[1]


def test_positions_count_lines_and_columns_of_what_was_typed():
    error = error_of("\n  (reach +\n   effort) / (effort - 2)")

    assert "formula, line 3, column 15: division by zero (effort - 2 is 0)" == error.message
    assert "   effort) / (effort - 2)" == error.source_line


def test_columns_count_characters_not_bytes():
    error = error_of("max(1, 2) + größe_x")

    assert 13 == error.column
    assert "names use only the letters A–Z, a–z, digits and '_'" == error.reason


ALLOWED = "unknown function '{}' (allowed: " + ", ".join(FUNCTIONS) + ")"


@pytest.mark.parametrize(
    ("text", "column", "reason"),
    [
        ("reach.real", 1, "attribute access ('.') is not allowed"),
        ("().__class__.__bases__[0]", 1, "indexing ('[...]') is not allowed"),
        ("reach[0]", 1, "indexing ('[...]') is not allowed"),
        ("(lambda: 1)()", 2, "only the built-in functions can be called"),
        ("lambda: 1", 1, "lambda is not allowed"),
        ("[x for x in reach]", 1, "comprehensions are not allowed"),
        ("sum(x for x in reach)", 1, ALLOWED.format("sum")),
        ("[1, 2]", 1, "collections are not allowed"),
        ("{1: 2}", 1, "collections are not allowed"),
        ("(1, 2)", 1, "collections are not allowed"),
        ("'text'", 1, "text is not allowed; formulas work on numbers"),
        ("f'{reach}'", 1, "text is not allowed; formulas work on numbers"),
        ("b'x' + 1", 1, "text is not allowed; formulas work on numbers"),
        ("None", 1, "None is not allowed; formulas work on numbers"),
        ("1j", 1, "1j is not allowed; formulas work on numbers"),
        ("(x := 1)", 2, "assignment (':=') is not allowed"),
        ("max(*reach)", 5, "'*' unpacking is not allowed"),
        ("round(reach, digits=2)", 21, "keyword arguments are not allowed"),
        ("reach // effort", 7, "operator '//' is not allowed"),
        ("reach << 2", 7, "operator '<<' is not allowed"),
        ("reach & 1", 7, "operator '&' is not allowed"),
        ("~reach", 1, "operator '~' is not allowed"),
        ("reach is 1", 7, "'is' is not allowed; compare numbers with <, <=, ==, !=, >=, >"),
        ("reach not in 1", 7, "'not in' is not allowed; compare numbers with <, <=, ==, !=, >=, >"),
        ("eval('1')", 1, ALLOWED.format("eval")),
        ("__import__('os')", 1, ALLOWED.format("__import__")),
        ("open(1)", 1, ALLOWED.format("open")),
        ("reach(1)", 1, ALLOWED.format("reach")),
        ("max", 1, "'max' is a function: call it, as in max(a, b, ...)"),
        ("clamp(1, 2)", 1, "call clamp as clamp(x, low, high); got 2 argument(s)"),
        ("if(1, 2)", 1, "call if as if(condition, then, otherwise); got 2 argument(s)"),
        ("sqrt()", 1, "call sqrt as sqrt(x); got 0 argument(s)"),
        ("reach ** 101", 10, "exponents above 100 are refused"),
        ("1e999", 1, "number is too large"),
        ("9" * 400, 1, "number is too large"),
        ("reach × 2", 7, "invalid character '×' (U+00D7)"),
        ("max(1,", 4, "'(' was never closed"),
        ("reach\x00", 6, "null characters are not allowed"),
    ],
)
def test_anything_outside_the_allow_list_is_refused_with_its_position(text, column, reason):
    with pytest.raises(FormulaError) as error:
        compile_formula(text)

    assert (column, reason) == (error.value.column, error.value.reason)
    assert error.value.message.startswith(f"formula, column {column}: ")


@pytest.mark.parametrize("text", ["reach = 2", "import os", "reach +", "max(1,, 2)", "(reach"])
def test_syntax_errors_are_reported_with_python_parsers_message_and_position(text):
    with pytest.raises(FormulaError) as error:
        compile_formula(text)

    assert 1 <= error.value.column <= len(text) + 1
    assert error.value.message.startswith(f"formula, column {error.value.column}: ")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sqrt(reach - 500)", "square root of a negative number"),
        ("log(effort - 2)", "log of a number that is not above 0"),
        ("log(reach, 1)", "log base must be above 0 and not 1"),
        ("exp(reach * 2)", "the result is too large"),
        ("reach ** 100 * reach ** 100", "the result is too large"),
        ("(-8) ** (1 / 3)", "a negative number to a fractional power"),
        ("0 ** -1", "zero to a negative power"),
        ("10 ** reach", "exponents above 100 are refused"),
        ("reach % (effort - 2)", "modulo by zero (effort - 2 is 0)"),
        ("reach / 0", "division by zero"),
        ("clamp(reach, 10, 1)", "clamp needs low ≤ high"),
        ("round(reach, 0.5)", "round takes a whole number of digits up to 15"),
    ],
)
def test_math_errors_are_clear_validation_errors(text, reason):
    assert reason == error_of(text).reason


def test_limits_refuse_long_and_complex_formulas():
    with pytest.raises(ValidationFailed) as too_long:
        compile_formula("1" * (MAX_LENGTH + 1))
    with pytest.raises(ValidationFailed) as too_complex:
        compile_formula("+".join(["reach"] * 150))
    with pytest.raises(ValidationFailed) as too_deep:
        compile_formula("-" * 900 + "1")

    assert "formula is longer than 1,000 characters" == too_long.value.message
    assert f"at most {MAX_NODES})" in too_complex.value.message
    assert "formula" == too_deep.value.field


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_formula_is_refused(text):
    with pytest.raises(ValidationFailed) as error:
        compile_formula(text)

    assert "formula is empty" == error.value.message


def test_a_formula_must_be_text():
    with pytest.raises(ValidationFailed) as error:
        compile_formula(42)

    assert "formula" == error.value.field


def test_known_variables_can_be_checked_when_the_formula_is_saved():
    with pytest.raises(FormulaError) as error:
        compile_formula("reach * impakt", variables={"reach", "impact", "effort"})

    assert "unknown name 'impakt' (did you mean 'impact'?)" == error.value.reason


@pytest.mark.parametrize(("given", "field"), [("many", "reach"), (float("nan"), "reach")])
def test_values_must_be_finite_numbers_naming_the_field(given, field):
    with pytest.raises(ValidationFailed) as error:
        compile_formula("reach + 1").evaluate({"reach": given})

    assert field == error.value.field


def test_names_resolve_only_from_the_values_given_never_from_python():
    formula = compile_formula("__import__ + open + eval + __builtins__")

    assert (
        10.0 == formula.evaluate({"__import__": 1, "open": 2, "eval": 3, "__builtins__": 4}).value
    )
    with pytest.raises(FormulaError) as error:
        formula.evaluate({})
    assert "unknown name '__import__'" == error.value.reason


# --- Many rows at once ------------------------------------------------------------------------


def test_a_formula_evaluates_whole_columns_at_once():
    formula = compile_formula("if(effort > 0, reach / effort, 0) + bonus")

    result = formula.evaluate_many(
        {"reach": np.array([10.0, 20.0, 30.0]), "effort": np.array([2.0, 0.0, 3.0]), "bonus": 1}
    )

    assert [6.0, 1.0, 11.0] == result.tolist()


def test_columns_broadcast_like_numpy_arrays():
    formula = compile_formula("reach * impact")

    result = formula.evaluate_many({"reach": np.ones((2, 3)), "impact": np.array([1.0, 2.0, 3.0])})

    assert [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]] == result.tolist()


def test_an_error_over_columns_counts_the_values_it_hit():
    formula = compile_formula("reach / effort")

    with pytest.raises(FormulaError) as error:
        formula.evaluate_many({"reach": np.ones(5), "effort": np.array([1.0, 0.0, 2.0, 0.0, 1.0])})

    assert "division by zero (effort is 0) in 2 of 5 values" == error.value.reason


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValidationFailed) as error:
        compile_formula("a + b").evaluate_many({"a": np.ones(2), "b": np.ones(3)})

    assert "formula" == error.value.field


# --- Properties: garbage in, ValidationFailed out; nothing ever runs --------------------------

TOKENS = [
    "reach", "effort", "x", "__import__", "open", "eval", "exec", "os", "system", "__class__",
    "__globals__", "__builtins__", "print", "globals", "breakpoint", "getattr", "max", "min",
    "if", "else", "clamp", "round", "log", "sqrt", "exp", "abs", "lambda", "for", "in", "is",
    "import", "yield", "await", "not", "and", "or", "None", "True", "0", "1", "2.5", "1e308",
    "10", "-", "+", "*", "/", "**", "%", "//", "<", "==", ">=", ":=", "=", ",", ":", ";", ".",
    "(", ")", "[", "]", "{", "}", "'", '"', "\\", "\n", " ", "#", "@", "~", "|", "&", "^",
    ">>", "f'", "...", "\x00", "é", "×",
]  # fmt: skip
token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).flatmap(
    lambda parts: st.sampled_from([" ".join(parts), "".join(parts)])
)


def _evaluate_if_it_compiles(text: str, data: st.DataObject) -> None:
    try:
        formula = compile_formula(text)
    except ValidationFailed:
        return
    values = {name: data.draw(st.floats(-1e6, 1e6), label=name) for name in formula.names}
    try:
        result = formula.evaluate(values).value
    except ValidationFailed:
        return
    assert math.isfinite(result)


@given(st.one_of(st.text(max_size=300), token_soup), st.data())
def test_random_text_and_hostile_token_soup_compile_or_raise_validation_failed_only(text, data):
    _evaluate_if_it_compiles(text, data)


@contextmanager
def tripwires():
    """Replace builtins that would mean code ran (imports, I/O, exec) with recorders.

    A call counts when it comes from the formula module or from code without a source file
    (what `exec` or `eval` of the formula would run); the test tools' own calls do not.
    """
    names = ["__import__", "open", "exec", "eval", "print", "input", "breakpoint", "globals"]
    originals = {name: getattr(builtins, name) for name in names}
    calls: list[str] = []

    def wire(name):
        def record(*args, **kwargs):
            caller = sys._getframe(1)
            module = caller.f_globals.get("__name__", "")
            if module == "valueloop.domain.formulas" or caller.f_code.co_filename.startswith("<"):
                calls.append(name)
            return originals[name](*args, **kwargs)

        return record

    for name in names:
        setattr(builtins, name, wire(name))
    try:
        yield calls
    finally:
        for name, original in originals.items():
            setattr(builtins, name, original)


def test_the_tripwires_notice_code_that_runs():
    with tripwires() as calls:
        exec("print(end='')")  # noqa: S102 — the control case: code that does run

    assert ["print"] == calls


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(token_soup)
def test_no_formula_text_ever_imports_prints_opens_or_executes_anything(text):
    values = {t: 1.0 for t in TOKENS if t.isidentifier()}
    compile_formula("reach / 2").evaluate({"reach": 1.0})  # warm up: lazy imports happen once

    with tripwires() as calls, suppress(ValidationFailed):
        compile_formula(text).evaluate(values)

    assert [] == calls


NAMES = ["reach", "impact", "effort", "arr"]
leaves = st.one_of(
    st.sampled_from(NAMES),
    st.integers(0, 1000).map(str),
    st.floats(0, 100, allow_nan=False).map(lambda x: repr(round(x, 3))),
)


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    operators = ["+", "-", "*", "/", "%", "**", "<", "<=", "==", "!=", ">", ">=", "and", "or"]
    unary = ["abs", "sqrt", "exp", "log", "floor", "ceil", "round"]
    return st.one_of(
        st.tuples(children, st.sampled_from(operators), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        children.map(lambda c: f"(-{c})"),
        children.map(lambda c: f"(not {c})"),
        st.tuples(children, children, children).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[1]} if {t[0]} else {t[2]})"),
        st.tuples(st.sampled_from(unary), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(children, children, children).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(children, children).map(lambda t: f"log({t[0]}, {t[1]})"),
    )


expressions = st.recursive(leaves, _grow, max_leaves=10)
row = st.fixed_dictionaries({name: st.floats(-1e4, 1e4) for name in NAMES})


@given(expressions, row)
def test_valid_expressions_over_bound_names_evaluate_or_raise_validation_failed(text, values):
    try:
        result = compile_formula(text).evaluate(values).value
    except ValidationFailed:  # a constant exponent above the limit is refused as it compiles
        return
    assert math.isfinite(result)


@given(expressions, st.lists(row, min_size=1, max_size=4))
def test_columns_give_what_each_row_gives_alone(text, rows):
    try:
        formula = compile_formula(text)
    except ValidationFailed:
        return
    singles = []
    for values in rows:
        try:
            singles.append(formula.evaluate(values).value)
        except ValidationFailed:
            singles.append(None)
    columns = {name: np.array([r[name] for r in rows]) for name in NAMES}

    if None in singles:
        with pytest.raises(FormulaError):
            formula.evaluate_many(columns)
    else:
        many = np.broadcast_to(formula.evaluate_many(columns), (len(rows),))
        assert singles == pytest.approx(many.tolist(), rel=1e-12)


arithmetic = st.recursive(
    leaves,
    lambda c: st.tuples(c, st.sampled_from(["+", "-", "*", "/"]), c).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    ),
    max_leaves=12,
)


# Magnitudes kept where no intermediate result overflows: Python would carry an infinity on
# where the language stops with "the result is too large".
moderate = st.one_of(st.just(0.0), st.floats(1e-3, 1e4), st.floats(-1e4, -1e-3))


@given(arithmetic, st.fixed_dictionaries(dict.fromkeys(NAMES, moderate)))
def test_arithmetic_agrees_with_python_and_division_by_zero_is_an_error(text, values):
    try:
        expected = eval(text, {"__builtins__": {}}, dict(values))  # noqa: S307 — our own grammar
    except ZeroDivisionError:
        with pytest.raises(FormulaError):
            compile_formula(text).evaluate(values)
        return
    if math.isfinite(expected):
        # Formulas compute in floats; Python keeps integer literals exact, so past 2**53 the
        # two differ in the last digit.
        assert compile_formula(text).evaluate(values).value == pytest.approx(expected, rel=1e-12)
