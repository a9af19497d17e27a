"""Rendering shared by the two define-by-run frameworks (PyTorch, PaddlePaddle): a class per
block and per model, layers as attributes in `__init__`, a plain `forward`. Subclasses give
the spellings; the structure is one piece of code so the two renderings diff only in idiom.
"""

from __future__ import annotations

from collections.abc import Callable

from shared_specs.ir import Model
from shared_specs.ops import OPS

from .codegen import (RenderError, Src, Step, block_signature, block_steps, class_groups, docstring, fmt,
                      format_source, forward_lines, generated_header, indent, model_steps, shape_comment)


class ModuleRenderer:
    framework = ""
    imports: list[str] = []
    base_class = ""
    tensor = ""
    # ---- spellings supplied by subclasses: one small function per op
    constructors: dict[str, Callable[["ModuleRenderer", Step, str], str]] = {}  # layers held as attributes
    stateless_ops: dict[str, Callable[[list[str]], str]] = {}  # functions applied in forward

    def construct(self, step: Step, owner: str) -> str:
        if step.op not in self.constructors:
            raise self.fail(owner, step, f"no {self.framework} spelling for this op")
        return self.constructors[step.op](self, step, owner)

    def stateless(self, step: Step, args: list[str]) -> str:
        return self.stateless_ops[step.op](args)

    # ---- shared structure (both frameworks spell these the same way)
    def activation(self, name: str, expr: str) -> str:
        """A fused activation applied to `expr`: the stateless spelling of that op."""
        return self.stateless(Step("", name, (), {}, 0, []), [expr])

    def sequential(self, items: list[str]) -> str:
        return f"nn.Sequential({', '.join(items)})"

    def fail(self, owner: str, step: Step, why: str) -> RenderError:
        return RenderError(self.framework, owner, step.name, step.op, why)

    def block_call(self, step: Step) -> str:
        args = [fmt(step.in_channels)] + [f"{k}={fmt(v)}" for k, v in step.fields.items()]
        return f"{step.op}({', '.join(args)})"

    def attribute(self, step: Step, owner: str) -> str | None:
        """The `__init__` expression for a step, or None for a stateless step."""
        if step.op == "repeat":
            calls = [self.block_call(c) if c.op not in OPS else self.construct(c, owner) for c in step.children]
            return self.sequential(_group_runs(calls))
        if step.op not in OPS:
            return self.block_call(step)
        if OPS[step.op].stateless:
            return None
        return self.construct(step, owner)

    def call(self, step: Step, args: list[str]) -> list[str]:
        if step.op in OPS and OPS[step.op].stateless:
            return [self.stateless(step, args)]
        expr = f"self.{step.name}({args[0]})"
        activation = step.fields.get("activation")
        return [self.activation(activation, expr) if activation else expr]

    def conditional(self, step: Step, target: str, arg: str) -> list[str]:
        return [f"{target} = self.{step.name}({arg}) if self.{step.name} is not None else {arg}"]

    def render_class(self, name: str, doc: str, signature: list[str], steps: list[Step], output: str,
                     owner: str, comments: bool) -> list[str]:
        init = []
        for step in steps:
            expr = self.attribute(step, owner)
            if expr is None:
                continue
            if step.condition is not None:
                expr = f"{expr} if {step.condition} else None"
            comment = f"  {shape_comment(step.instances[0])}" if comments and step.instances else ""
            init.append(f"self.{step.name} = {expr}{comment}")
        body, out_var = forward_lines(steps, output, self.call, self.conditional)
        return [
            f"class {name}({self.base_class}):",
            *indent([*docstring(doc, 1), ""]),
            *indent([f"def __init__(self, {', '.join(signature)}) -> None:" if signature else
                     "def __init__(self) -> None:"]),
            *indent(["super().__init__()", *init], 2),
            "",
            *indent([f"def forward(self, x: {self.tensor}) -> {self.tensor}:"]),
            *indent([*body, f"return {out_var}"], 2),
        ]

    def render(self, models: list[Model]) -> str:
        out = [generated_header(models, self.framework), "", *self.imports, "", ""]
        done: set[str] = set()
        for model in models:
            for block_name in model.blocks_used:
                if block_name in done:
                    continue
                done.add(block_name)
                block = model.blocks[block_name]
                signature = [f"{k}: int" if d is None else f"{k}: int = {d}" for k, d in block_signature(block)]
                steps = block_steps(model, block)
                out += self.render_class(block_name, block.doc or f"The {block_name} block.", signature, steps,
                                         block.output, f"block {block_name}", comments=False) + ["", ""]
        for group in class_groups(models):
            model = group[0]
            signature = [f"{k}: {type(v).__name__} = {fmt(v)}" for k, v in model.arguments.items()]
            doc = f"{model.description.rstrip('.')}. Input (N, {', '.join(map(str, model.input_shape))})."
            out += self.render_class(model.class_name, doc, signature, model_steps(model), model.output,
                                     f"model {model.name}", comments=True) + ["", ""]
        return format_source("\n".join(out).rstrip() + "\n")


def _group_runs(calls: list[str]) -> list[str]:
    """Collapse runs of identical constructor calls into `*[call for _ in range(n)]`."""
    items: list[str] = []
    i = 0
    while i < len(calls):
        j = i
        while j + 1 < len(calls) and calls[j + 1] == calls[i]:
            j += 1
        run = j - i + 1
        items.append(calls[i] if run == 1 else f"*[{calls[i]} for _ in range({run})]")
        i = j + 1
    return items


def kw(step: Step, pairs: list[tuple[str, str]]) -> list[str]:
    """`name=value` for each (spec field, framework keyword) whose value is not the op default."""
    return [f"{word}={fmt(step.given(key))}" for key, word in pairs if step.given(key) is not None]


__all__ = ["ModuleRenderer", "kw", "Src"]
