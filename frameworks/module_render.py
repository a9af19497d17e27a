"""Rendering shared by the two define-by-run frameworks (PyTorch, PaddlePaddle): a class per
block and per model, layers as attributes in `__init__`, a plain `forward`. Subclasses give
the spellings; the structure is one piece of code so the two renderings diff only in idiom.
"""

from __future__ import annotations

from collections.abc import Callable

from shared_specs.ir import Model
from shared_specs.loader import GROUP
from shared_specs.ops import OPS

from .codegen import (
    RenderError,
    Src,
    Step,
    block_parameters,
    block_steps,
    class_groups,
    docstring,
    fmt,
    format_source,
    forward_lines,
    generated_header,
    group_runs,
    indent,
    model_steps,
    shape_comment,
)


class ModuleRenderer:
    framework = ""
    imports: list[str] = []
    base_class = ""
    tensor = ""
    # ---- spellings supplied by subclasses: one small function per op
    constructors: dict[str, Callable[["ModuleRenderer", Step, str], str]] = {}  # layers held as attributes
    stateless_ops: dict[str, Callable[[list[str]], str]] = {}  # functions applied in forward
    stateless_modules: dict[str, str] = {}  # the same ops as modules, for nn.Sequential chains
    optional_imports: list[str] = []  # imported only where the rendered file uses the name they bind

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

    def sequential(self, calls: list[str]) -> str:
        """nn.Sequential of modules numbered 0, 1, 2, ...; runs of alike calls as comprehensions."""
        items = []
        for run in group_runs(calls):
            if run.count == 1:
                items.append(run.call)
            else:
                items.append(f"*[{run.call} for {'i' if run.indexed else '_'} in range({run.count})]")
        return f"nn.Sequential({', '.join(items)})"

    def named_sequential(self, names: list[str], calls: list[str], prefix: str | None) -> str:
        """nn.Sequential of named modules (spelled by each framework around `named_items`)."""
        raise NotImplementedError

    @staticmethod
    def named_items(names: list[str], calls: list[str], prefix: str | None) -> list[str]:
        """`("name", module)` pairs; with `prefix` (repeats named prefix1, prefix2, ...), runs of alike
        modules become one comprehension over `i`."""
        if prefix is None:
            return [f"({name!r}, {call})" for name, call in zip(names, calls)]
        items, start = [], 1
        for run in group_runs(calls):
            if run.count == 1:
                items.append(f'("{prefix}{start}", {run.call})')
            else:
                items.append(f'*[(f"{prefix}{{i + {start}}}", {run.call}) for i in range({run.count})]')
            start += run.count
        return items

    def render_sequential_block(self, name: str, doc: str, signature: list[str], steps: list[Step],
                                owner: str) -> list[str]:
        """A sequential block: a subclass of nn.Sequential whose children are numbered 0, 1, 2, ..."""
        modules = [f"{self.module(step, owner)}," for step in steps]
        return [
            f"class {name}(nn.Sequential):",
            *indent([*docstring(doc, 1), ""]),
            *indent([f"def __init__(self, {', '.join(signature)}) -> None:"]),
            *indent(["super().__init__(", *indent(modules), ")"], 2),
        ]

    def module(self, step: Step, owner: str) -> str:
        """A step as a module of an nn.Sequential (stateless ops too: nn.ReLU(), ...)."""
        if step.op in OPS and OPS[step.op].stateless:
            if step.op not in self.stateless_modules:
                raise self.fail(owner, step, "an nn.Sequential chain cannot hold this op")
            return self.stateless_modules[step.op]
        if step.op == "repeat":
            return self.repeat(step, owner)
        return self.block_call(step) if step.op not in OPS else self.construct(step, owner)

    def repeat(self, step: Step, owner: str) -> str:
        calls = [self.module(c, owner) for c in step.children]
        prefix = step.instances[0].template.repeat_names
        if prefix is None:
            return self.sequential(calls)
        return self.named_sequential([c.name for c in step.children], calls, prefix)

    def fail(self, owner: str, step: Step, why: str) -> RenderError:
        return RenderError(self.framework, owner, step.name, step.op, why)

    def block_call(self, step: Step) -> str:
        args = [fmt(step.in_channels)] + [f"{k}={fmt(v)}" for k, v in step.fields.items()]
        return f"{step.op}({', '.join(args)})"

    def attribute(self, step: Step, owner: str) -> str | None:
        """The `__init__` expression for a step, or None for a stateless step."""
        if step.op == "repeat":
            return self.repeat(step, owner)
        if step.op == GROUP:
            calls = [self.module(c, owner) for c in step.children]
            numbered = step.instances[0].template.numbered
            return self.sequential(calls) if numbered else self.named_sequential(
                [c.name for c in step.children], calls, None)
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
                     owner: str, comments: bool, aux: tuple[str, ...] = ()) -> list[str]:
        """A module class; `aux` steps (auxiliary classifiers) run in train mode only and are returned after
        the output there, as torchvision's GoogLeNet and Inception v3 do."""
        init = []
        for step in steps:
            expr = self.attribute(step, owner)
            if expr is None:
                continue
            if step.condition is not None:
                expr = f"{expr} if {step.condition} else None"
            comment = f"  {shape_comment(step.instances[0])}" if comments and step.instances else ""
            init.append(f"self.{step.name} = {expr}{comment}")
        def call(step: Step, args: list[str]) -> list[str]:
            exprs = self.call(step, args)
            return [f"{exprs[0]} if self.training else None"] if step.name in aux else exprs

        body, out_var = forward_lines(steps, output, call, self.conditional, side=frozenset(aux))
        result = f"({', '.join([out_var, *aux])}) if self.training else {out_var}" if aux else out_var
        returns = f"tuple[{', '.join([self.tensor] * (len(aux) + 1))}] | {self.tensor}" if aux else self.tensor
        return [
            f"class {name}({self.base_class}):",
            *indent([*docstring(doc, 1), ""]),
            *indent([f"def __init__(self, {', '.join(signature)}) -> None:" if signature else
                     "def __init__(self) -> None:"]),
            *indent(["super().__init__()", *init], 2),
            "",
            *indent([f"def forward(self, x: {self.tensor}) -> {returns}:"]),
            *indent([*body, f"return {result}"], 2),
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
                signature = block_parameters(block)
                steps = block_steps(model, block)
                if block.sequential:
                    out += self.render_sequential_block(block_name, block.doc or f"The {block_name} block.",
                                                        signature, steps, f"block {block_name}") + ["", ""]
                    continue
                out += self.render_class(block_name, block.doc or f"The {block_name} block.", signature, steps,
                                         block.output, f"block {block_name}", comments=False) + ["", ""]
        for group in class_groups(models):
            model = group[0]
            signature = [f"{k}: {type(v).__name__} = {fmt(v)}" for k, v in model.arguments.items()]
            doc = f"{model.description.rstrip('.')}. Input (N, {', '.join(map(str, model.input_shape))})."
            if model.aux:
                doc += f" In train mode it returns ({', '.join(['logits', *model.aux])})."
            out += self.render_class(model.class_name, doc, signature, model_steps(model), model.output,
                                     f"model {model.name}", comments=True, aux=tuple(model.aux)) + ["", ""]
        source = "\n".join(out).rstrip() + "\n"
        for line in self.optional_imports:
            if line.split()[-1] + "(" in source:
                source = source.replace("\n".join(self.imports), "\n".join(sorted([line, *self.imports])), 1)
        return format_source(source)


def kw(step: Step, pairs: list[tuple[str, str]]) -> list[str]:
    """`name=value` for each (spec field, framework keyword) whose value is not the op default."""
    return [f"{word}={fmt(step.given(key))}" for key, word in pairs if step.given(key) is not None]


__all__ = ["ModuleRenderer", "kw", "Src"]
