"""Safe `${...}` expressions in specs: arithmetic over parameters, never `eval`.

A spec value written as the whole string `"${expr}"` is an expression. It may use
numbers, strings, lists, names of parameters, `+ - * / // % **`, comparisons,
`and or not`, `a if c else b`, subscripts, and the functions listed in FUNCTIONS.
The same parsed tree is evaluated here and unparsed by renderers into Python source.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Mapping



def make_divisible(value: float, divisor: int = 8) -> int:
    """`value` rounded to the nearest multiple of `divisor`, at least `divisor` and never more than 10 % below
    `value`: the channel rounding of torchvision's MobileNets and EfficientNets (their `_make_divisible`)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


FUNCTIONS = {"min": min, "max": max, "len": len, "int": int, "make_divisible": make_divisible}
# the functions a rendered file defines itself when it calls them (the others are Python's own)
HELPERS = ("make_divisible",)

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_CMPOPS = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}


class ExprError(ValueError):
    """An expression that is malformed or refers to an unknown name."""


@dataclass(frozen=True)
class Expr:
    """A parsed `${...}` expression."""

    source: str
    tree: ast.expression

    @property
    def names(self) -> set[str]:
        return {n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name) and n.id not in FUNCTIONS}

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        return _eval(self.tree.body, env)

    def render(self, constants: Mapping[str, Any]) -> str:
        """Python source with the names in `constants` replaced by their values."""
        tree = _Substitute(constants).visit(ast.parse(self.source, mode="eval"))
        return ast.unparse(ast.fix_missing_locations(tree))


def parse(value: Any) -> Any:
    """Return an Expr for a `"${...}"` string, the value itself otherwise."""
    if not (isinstance(value, str) and value.startswith("${") and value.endswith("}")):
        return value
    source = value[2:-1].strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"invalid expression '{source}': {exc.msg}") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
                raise ExprError(f"invalid expression '{source}': only {sorted(FUNCTIONS)} may be called")
        elif not isinstance(node, _ALLOWED):
            raise ExprError(f"invalid expression '{source}': {type(node).__name__} is not allowed")
    return Expr(source, tree)


_ALLOWED = (
    ast.Expression, ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare,
    ast.IfExp, ast.Subscript, ast.List, ast.Tuple, ast.And, ast.Or, *_BINOPS, *_CMPOPS, *_UNARY,
)


def _eval(node: ast.AST, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ExprError(f"unknown name '{node.id}' (known: {', '.join(sorted(env)) or 'none'})")
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, env), _eval(node.right, env)
        _check_work(node.op, left, right)
        return _bounded(_BINOPS[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.BoolOp):
        values = (_eval(v, env) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, comparator in zip(node.ops, node.comparators):
            right = _eval(comparator, env)
            if not _CMPOPS[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _eval(node.body, env) if _eval(node.test, env) else _eval(node.orelse, env)
    if isinstance(node, ast.Subscript):
        return _eval(node.value, env)[_eval(node.slice, env)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e, env) for e in node.elts]
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_eval(a, env) for a in node.args))
    raise ExprError(f"{type(node).__name__} is not allowed")


MAX_INT_BITS = 64  # a spec's numbers are sizes and counts: anything wider is a mistake or an attack
MAX_LENGTH = 10_000  # longest string or list an expression may build


def _check_work(op: ast.operator, left: Any, right: Any) -> None:
    """Refuse, before computing it, a power or repetition whose result would be huge."""
    if isinstance(op, ast.Pow) and isinstance(left, (int, float)) and isinstance(right, (int, float)):
        magnitude = abs(left)
        if magnitude > 1 and right * max(magnitude, 2).bit_length() > MAX_INT_BITS:
            raise ExprError(f"{left!r} ** {right!r} is larger than a spec value may be ({MAX_INT_BITS}-bit)")
    if isinstance(op, ast.Mult):
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list)) and isinstance(times, int) and len(seq) * times > MAX_LENGTH:
                raise ExprError(f"repeating a sequence {times} times exceeds {MAX_LENGTH} items")


def _bounded(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise ExprError(f"the result {str(value)[:20]}... is larger than a spec value may be ({MAX_INT_BITS}-bit)")
    if isinstance(value, (str, list)) and len(value) > MAX_LENGTH:
        raise ExprError(f"the result has {len(value)} items; at most {MAX_LENGTH}")
    return value


class _Substitute(ast.NodeTransformer):
    def __init__(self, constants: Mapping[str, Any]):
        self.constants = constants

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.constants:
            return ast.copy_location(ast.Constant(self.constants[node.id]), node)
        return node
