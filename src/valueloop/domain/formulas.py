"""Custom score formulas: a small expression language, parsed with `ast` and run from an allow-list.

A formula is one expression over an item's numeric fields, such as `reach * impact * confidence /
effort` or `if(segment_enterprise > 0, 2, 1) * rice`. Python's parser reads it (eval mode); only
numbers, names bound to the given values, + - * / % **, unary − and +, comparisons, and/or/not,
`a if c else b` and calls to FUNCTIONS are accepted. Nothing is looked up in Python's builtins and
nothing is executed: the checked tree is interpreted here, element-wise over numpy arrays, so one
formula scores one item or a million sampled draws alike.

Comparisons and and/or/not give 1 (true) or 0 (false). `if`, `a if c else b`, and/or and chained
comparisons evaluate lazily, as Python does: `if(effort > 0, reach / effort, 0)` never divides by
zero. Division by zero, overflow and undefined math are errors that point at the culprit.
"""

from __future__ import annotations

import ast
import difflib
import keyword
import re
import warnings
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.scoring import Score, Term

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

MAX_LENGTH = 1_000
MAX_NODES = 400  # syntax-tree nodes, operators and contexts included; "a * b / c" has 9
MAX_EXPONENT = 100.0
MAX_ROUND_DIGITS = 15

# name: (fewest arguments, most arguments or None for any number, how to call it)
FUNCTIONS: dict[str, tuple[int, int | None, str]] = {
    "abs": (1, 1, "abs(x)"),
    "ceil": (1, 1, "ceil(x)"),
    "clamp": (3, 3, "clamp(x, low, high)"),
    "exp": (1, 1, "exp(x)"),
    "floor": (1, 1, "floor(x)"),
    "if": (3, 3, "if(condition, then, otherwise)"),
    "log": (1, 2, "log(x) or log(x, base)"),
    "max": (1, None, "max(a, b, ...)"),
    "min": (1, None, "min(a, b, ...)"),
    "round": (1, 2, "round(x) or round(x, digits)"),
    "sqrt": (1, 1, "sqrt(x)"),
}
_ELEMENTWISE: dict[str, Callable[[Any], Any]] = {
    name: getattr(np, name) for name in ("abs", "ceil", "exp", "floor", "log", "sqrt")
}
_UNDEFINED: dict[str, tuple[Callable[[Any, Any], Any], str]] = {
    "log": (np.less_equal, "log of a number that is not above 0"),
    "sqrt": (np.less, "square root of a negative number"),
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Mod: np.mod,  # as Python's %: the result takes the divisor's sign
    ast.Pow: np.power,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_REFUSED: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "indexing ('[...]') is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.JoinedStr: "text is not allowed; formulas work on numbers",
    ast.NamedExpr: "assignment (':=') is not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    **dict.fromkeys(_COMPREHENSIONS, "comprehensions are not allowed"),
    **dict.fromkeys((ast.List, ast.Tuple, ast.Set, ast.Dict), "collections are not allowed"),
    **dict.fromkeys((ast.Await, ast.Yield, ast.YieldFrom), "'await' and 'yield' are not allowed"),
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# `if` is a Python keyword: where `if(` starts an operand it is renamed before parsing.
_IF = "IF"
_IF_CALL = re.compile(r"(?<![\w.])if(?=\s*\()")
_WORD_BEFORE = re.compile(r"[\w.]+\Z")


class FormulaError(ValidationFailed):
    """A formula that does not compile or evaluate, with the line and column at fault (1-based)."""

    def __init__(self, reason: str, text: str, line: int, column: int, width: int = 1) -> None:
        lines = text.split("\n")
        where = f"line {line}, column {column}" if len(lines) > 1 else f"column {column}"
        super().__init__(f"formula, {where}: {reason}", field="formula")
        self.reason, self.line, self.column, self.width = reason, line, column, max(1, width)
        self.source_line = lines[line - 1] if 0 < line <= len(lines) else ""

    def pointer(self) -> str:
        """The offending line with carets under the part at fault."""
        return f"{self.source_line}\n{' ' * (self.column - 1)}{'^' * self.width}"


@dataclass(frozen=True, slots=True)
class _Source:
    """The text as typed and as parsed (leading blanks cut, `if(` renamed), to map positions."""

    text: str
    body: str
    lead_lines: int
    lead_columns: int

    def error(self, reason: str, line: int, column: int, width: int = 1) -> FormulaError:
        """An error at a 1-based line and character column of the parsed body."""
        column += self.lead_columns if line == 1 else 0
        return FormulaError(reason, self.text, line + self.lead_lines, column, width)

    def column(self, line: int, byte_offset: int) -> int:
        """The 1-based character column of a UTF-8 byte offset, as the parser counts them."""
        raw = self.body.split("\n")[line - 1].encode()
        return len(raw[:byte_offset].decode("utf-8", "replace")) + 1

    def at(self, node: ast.expr, reason: str) -> FormulaError:
        start = self.column(node.lineno, node.col_offset)
        end = len(self.body.split("\n")[node.lineno - 1]) + 1
        if node.end_lineno == node.lineno and node.end_col_offset is not None:
            end = self.column(node.lineno, node.end_col_offset)
        return self.error(reason, node.lineno, start, end - start)

    def between(self, left: ast.expr, right: ast.expr, symbol: str, reason: str) -> FormulaError:
        """An error under the operator `symbol` written between two operands."""
        line, offset = left.end_lineno, left.end_col_offset
        if line is not None and offset is not None and line == right.lineno:
            gap = self.body.split("\n")[line - 1].encode()[offset : right.col_offset]
            index = gap.decode("utf-8", "replace").find(symbol)
            if index >= 0:
                return self.error(reason, line, self.column(line, offset) + index, len(symbol))
        return self.at(right, reason)


def _rename_if_calls(body: str) -> str:
    """`if(c, a, b)` → `IF(c, a, b)` where `if` starts an operand; `a if (c) else b` stays."""

    def rename(match: re.Match[str]) -> str:
        before = body[: match.start()].rstrip()
        word = found.group() if (found := _WORD_BEFORE.search(before)) else ""
        joins = not word or (keyword.iskeyword(word) and word not in ("True", "False", "None"))
        return _IF if joins and not before.endswith((")", "]", "}", "'", '"')) else match.group()

    return _IF_CALL.sub(rename, body)


def _symbol(op: ast.operator | ast.cmpop) -> str:
    """How an operator is written: unparse `1 op 1` and keep the middle."""
    one = ast.Constant(1)
    if isinstance(op, ast.operator):
        return ast.unparse(ast.BinOp(one, op, one))[2:-2]
    return ast.unparse(ast.Compare(one, [op], [one]))[2:-2]


def _function(node: ast.expr) -> str | None:
    """The allow-listed function a name refers to, if any."""
    if isinstance(node, ast.Name):
        name = "if" if node.id == _IF else node.id
        return name if name in FUNCTIONS else None
    return None


def _suggestion(name: str, candidates: Collection[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Checker:
    """Walks the parsed tree and refuses every node outside the allow-list."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.first: dict[str, ast.Name] = {}  # each variable at its first use

    def check(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant):
            _constant(node, self.source)
        elif isinstance(node, ast.Name):
            self.name(node)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _ARITHMETIC:
                symbol = _symbol(node.op)
                reason = f"operator '{symbol}' is not allowed"
                raise self.source.between(node.left, node.right, symbol, reason)
            self.check(node.left)
            self.check(node.right)
            limit, exponent = MAX_EXPONENT, node.right if isinstance(node.op, ast.Pow) else None
            if isinstance(exponent, ast.Constant) and abs(_constant(exponent, self.source)) > limit:
                raise self.source.at(node.right, f"exponents above {MAX_EXPONENT:g} are refused")
        elif isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Invert):
                raise self.source.at(node, "operator '~' is not allowed")
            self.check(node.operand)
        elif isinstance(node, ast.BoolOp | ast.IfExp):
            for part in ast.iter_child_nodes(node):  # the operands, then `and`/`or` itself
                if isinstance(part, ast.expr):
                    self.check(part)
        elif isinstance(node, ast.Compare):
            self.compare(node)
        elif isinstance(node, ast.Call):
            self.call(node)
        else:
            refused = _REFUSED.get(type(node), f"{type(node).__name__} is not allowed")
            raise self.source.at(node, refused)

    def name(self, node: ast.Name) -> None:
        if function := _function(node):
            usage = FUNCTIONS[function][2]
            raise self.source.at(node, f"'{function}' is a function: call it, as in {usage}")
        if not _NAME.match(node.id):
            raise self.source.at(node, "names use only the letters A–Z, a–z, digits and '_'")
        self.first.setdefault(node.id, node)

    def compare(self, node: ast.Compare) -> None:
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _COMPARE:
                symbol = _symbol(op)
                reason = f"'{symbol}' is not allowed; compare numbers with <, <=, ==, !=, >=, >"
                raise self.source.between(left, right, symbol.split()[0], reason)
            left = right
        for part in (node.left, *node.comparators):
            self.check(part)

    def call(self, node: ast.Call) -> None:
        name = _function(node.func)
        if name is None:
            if not isinstance(node.func, ast.Name):
                raise self.source.at(node.func, "only the built-in functions can be called")
            hint = _suggestion(node.func.id, FUNCTIONS) or f" (allowed: {', '.join(FUNCTIONS)})"
            raise self.source.at(node.func, f"unknown function '{node.func.id}'{hint}")
        if node.keywords:
            raise self.source.at(node.keywords[0].value, "keyword arguments are not allowed")
        fewest, most, usage = FUNCTIONS[name]
        if len(node.args) < fewest or (most is not None and len(node.args) > most):
            got = f"got {len(node.args)} argument(s)"
            raise self.source.at(node.func, f"call {name} as {usage}; {got}")
        for argument in node.args:
            self.check(argument)


def _constant(node: ast.Constant, source: _Source) -> float:
    value = node.value
    if isinstance(value, str | bytes):
        raise source.at(node, "text is not allowed; formulas work on numbers")
    if not isinstance(value, bool | int | float):
        raise source.at(node, f"{value!r} is not allowed; formulas work on numbers")
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not np.isfinite(number):
        raise source.at(node, "number is too large")
    return number


def _parse(source: _Source) -> ast.Expression:
    body = source.body
    if (index := body.find("\x00")) >= 0:  # Pythons differ in how (and where) they report it
        line, column = body.count("\n", 0, index) + 1, index - body.rfind("\n", 0, index)
        raise source.error("null characters are not allowed", line, column)
    try:
        # The tokenizer warns about odd escapes in text literals, which the checker refuses anyway.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(body, filename="<formula>", mode="eval")
    except SyntaxError as error:
        line, column = error.lineno or 1, error.offset or 1
        end = error.end_offset if error.end_lineno == line else None
        width = end - column if end and end > column else 1
        raise source.error(error.msg, line, column, width) from None
    except (RecursionError, MemoryError):
        raise ValidationFailed("formula is nested too deeply", field="formula") from None


def compile_formula(
    text: object, *, label: str = "Custom", variables: Collection[str] | None = None
) -> Formula:
    """A checked formula, or a FormulaError pointing at the first thing the language refuses.

    With `variables`, names outside them are refused now rather than at evaluation.
    """
    if not isinstance(text, str):
        raise ValidationFailed("formula must be text", field="formula")
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(f"formula is longer than {MAX_LENGTH:,} characters", field="formula")
    body = text.lstrip()
    if not body:
        raise ValidationFailed("formula is empty", field="formula")
    lead = text[: len(text) - len(body)]
    source = _Source(
        text, _rename_if_calls(body), lead.count("\n"), len(lead) - (lead.rfind("\n") + 1)
    )
    tree = _parse(source)
    nodes = sum(1 for _ in ast.walk(tree))  # iterative, so deep trees are counted safely
    if nodes > MAX_NODES:
        reason = f"formula is too complex ({nodes} parts, at most {MAX_NODES})"
        raise ValidationFailed(reason, field="formula")
    checker = _Checker(source)
    checker.check(tree.body)
    for name, node in checker.first.items():
        if variables is not None and name not in variables:
            raise source.at(node, f"unknown name '{name}'{_suggestion(name, variables)}")
    return Formula(text, tuple(checker.first), label, tree.body, source, checker.first)


@dataclass(frozen=True, slots=True)
class Formula:
    """A checked formula: its text, the variable names it needs, and how to evaluate it."""

    text: str
    names: tuple[str, ...]
    label: str
    _tree: ast.expr = field(repr=False, compare=False)
    _source: _Source = field(repr=False, compare=False)
    _first: Mapping[str, ast.Name] = field(repr=False, compare=False)

    def evaluate(self, values: Mapping[str, object]) -> Score:
        """The formula's value for one item, with each variable it used as a term."""
        env = self._env(values, one=True)
        terms = tuple(Term(name, float(env[name])) for name in self.names)
        return Score(self.label, float(self._run(env, ())), terms, self.text)

    def evaluate_many(self, columns: Mapping[str, object]) -> Array:
        """The formula element-wise over array columns (broadcast together), in one pass."""
        env = self._env(columns)
        try:
            shape = np.broadcast_shapes(*(a.shape for a in env.values()))
        except ValueError:
            raise ValidationFailed("formula inputs differ in length", field="formula") from None
        return np.array(np.broadcast_to(self._run(env, shape), shape), dtype=np.float64)

    def _value(self, values: Mapping[str, object], name: str) -> object:
        if name not in values:
            hint = _suggestion(name, values)
            raise self._source.at(self._first[name], f"unknown name '{name}'{hint}")
        return values[name]

    def _env(self, values: Mapping[str, object], *, one: bool = False) -> dict[str, Array]:
        env: dict[str, Array] = {}
        for name in self.names:
            value = self._value(values, name)
            try:
                if one and not isinstance(value, bool | int | float | np.integer | np.floating):
                    raise TypeError(name)
                array = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                raise ValidationFailed(f"{name} must be a number", field=name) from None
            if not np.isfinite(array).all():
                raise ValidationFailed(f"{name} must be a finite number", field=name)
            env[name] = array
        return env

    def _run(self, env: Mapping[str, Array], shape: tuple[int, ...]) -> Array:
        run = _Run(env)
        with np.errstate(all="ignore"):
            result = run.eval(self._tree, np.asarray(True))
        if run.failures:
            node, reason, mask = run.failures[0]
            size = int(np.prod(shape))
            if size > 1:
                count = int(np.count_nonzero(np.broadcast_to(mask, shape)))
                reason = f"{reason} in {count:,} of {size:,} values"
            raise self._source.at(node, reason)
        return result


class _Run:
    """One evaluation: values flow as arrays; `active` marks where Python would evaluate a node.

    A failure is recorded only where its node is active, so the first failure recorded for a row
    is the one plain evaluation of that row would have stopped at.
    """

    def __init__(self, env: Mapping[str, Array]) -> None:
        self.env = env
        self.failures: list[tuple[ast.expr, str, Mask]] = []

    def fail(self, node: ast.expr, where: Any, active: Mask, reason: str) -> None:
        mask = np.logical_and(where, active)
        if mask.any():
            self.failures.append((node, reason, mask))

    def finite(self, node: ast.expr, result: Any, active: Mask) -> Array:
        self.fail(node, ~np.isfinite(result), active, "the result is too large")
        return np.asarray(result, dtype=np.float64)

    def eval(self, node: ast.expr, active: Mask) -> Array:
        if isinstance(node, ast.Constant):
            return np.asarray(node.value, dtype=np.float64)
        if isinstance(node, ast.Name):
            return self.env[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self.eval(node.operand, active)
            if isinstance(node.op, ast.Not):
                return np.asarray(operand == 0, dtype=np.float64)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.binop(node, active)
        if isinstance(node, ast.BoolOp):
            return self.boolop(node, active)
        if isinstance(node, ast.Compare):
            return self.compare(node, active)
        if isinstance(node, ast.IfExp):
            return self.choose(node.test, node.body, node.orelse, active)
        assert isinstance(node, ast.Call)  # the checker let nothing else through
        return self.call(node, active)

    def binop(self, node: ast.BinOp, active: Mask) -> Array:
        a, b = self.eval(node.left, active), self.eval(node.right, active)
        if isinstance(node.op, ast.Div | ast.Mod):
            verb = "division" if isinstance(node.op, ast.Div) else "modulo"
            right = ast.unparse(node.right).replace(f"{_IF}(", "if(")
            why = "" if isinstance(node.right, ast.Constant) else f" ({right} is 0)"
            self.fail(node.right, b == 0, active, f"{verb} by zero{why}")
        elif isinstance(node.op, ast.Pow):
            too_big = f"exponents above {MAX_EXPONENT:g} are refused"
            self.fail(node.right, np.abs(b) > MAX_EXPONENT, active, too_big)
            self.fail(node, (a == 0) & (b < 0), active, "zero to a negative power")
            fractional = (a < 0) & (b != np.floor(b))
            self.fail(node, fractional, active, "a negative number to a fractional power")
            b = np.clip(b, -MAX_EXPONENT, MAX_EXPONENT)  # never compute a refused power
        return self.finite(node, _ARITHMETIC[type(node.op)](a, b), active)

    def boolop(self, node: ast.BoolOp, active: Mask) -> Array:
        conjunction = isinstance(node.op, ast.And)
        truth = self.eval(node.values[0], active) != 0
        for value in node.values[1:]:
            # `a and b` evaluates b only where a is true; `a or b` only where a is false.
            operand = self.eval(value, active & (truth if conjunction else ~truth)) != 0
            truth = truth & operand if conjunction else truth | operand
        return np.asarray(truth, dtype=np.float64)

    def compare(self, node: ast.Compare, active: Mask) -> Array:
        left, truth = self.eval(node.left, active), np.asarray(True)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.eval(comparator, active & truth)
            truth, left = truth & _COMPARE[type(op)](left, right), right
        return np.asarray(truth, dtype=np.float64)

    def choose(self, test: ast.expr, then: ast.expr, otherwise: ast.expr, active: Mask) -> Array:
        condition = self.eval(test, active) != 0
        yes = self.eval(then, active & condition)
        no = self.eval(otherwise, active & ~condition)
        return np.asarray(np.where(condition, yes, no), dtype=np.float64)

    def call(self, node: ast.Call, active: Mask) -> Array:
        name = _function(node.func) or ""
        if name == "if":
            test, then, otherwise = node.args
            return self.choose(test, then, otherwise, active)
        args = [self.eval(argument, active) for argument in node.args]
        x = args[0]
        if name in _UNDEFINED:
            undefined, reason = _UNDEFINED[name]
            self.fail(node.args[0], undefined(x, 0), active, reason)
        if name in _ELEMENTWISE:
            result = _ELEMENTWISE[name](x)
            if name == "log" and len(args) == 2:
                base = args[1]
                reason = "log base must be above 0 and not 1"
                self.fail(node.args[1], (base <= 0) | (base == 1), active, reason)
                result = result / np.log(base)
        elif name in ("min", "max"):
            result = reduce(np.minimum if name == "min" else np.maximum, args)
        elif name == "round":
            result = self.round(node, x, args[1] if len(args) == 2 else np.asarray(0.0), active)
        else:  # clamp
            low, high = args[1], args[2]
            self.fail(node, low > high, active, "clamp needs low ≤ high")
            result = np.minimum(np.maximum(x, low), high)
        return self.finite(node, result, active)

    def round(self, node: ast.Call, x: Array, digits: Array, active: Mask) -> Array:
        """Halves round away from zero, as spreadsheets do."""
        wrong = (digits != np.floor(digits)) | (np.abs(digits) > MAX_ROUND_DIGITS)
        reason = f"round takes a whole number of digits up to {MAX_ROUND_DIGITS}"
        self.fail(node, wrong, active, reason)
        scale = 10.0 ** np.clip(digits, -MAX_ROUND_DIGITS, MAX_ROUND_DIGITS)
        scaled = np.abs(x) * scale
        rounded = np.sign(x) * np.floor(scaled + 0.5) / scale
        return np.asarray(np.where(scaled >= 2.0**52, x, rounded), dtype=np.float64)
