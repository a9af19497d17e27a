"""Rendering shared by the two define-by-run frameworks (PyTorch, PaddlePaddle): a class per
block and per model, layers as attributes in `__init__`, a plain `forward`. Subclasses give
the spellings; the structure is one piece of code so the two renderings diff only in idiom.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from shared_specs.ir import Model
from shared_specs.loader import GROUP
from shared_specs.ops import OPS

from .codegen import (
    ACTIVATION_ARGUMENT,
    OpName,
    RenderError,
    Run,
    Src,
    Step,
    argument_parameters,
    block_parameters,
    block_steps,
    class_description,
    class_groups,
    docstring,
    fmt,
    format_source,
    forward_lines,
    generated_header,
    group_runs,
    indent,
    model_steps,
    requirement_lines,
    shape_comment,
    with_helpers,
)
from .family import blocks_to_render, builder_function, class_signature, family_steps


class ModuleRenderer:
    framework = ""
    imports: list[str] = []
    base_class = ""
    tensor = ""
    # ---- spellings supplied by subclasses: one small function per op
    constructors: dict[str, Callable[["ModuleRenderer", Step, str], str]] = {}  # layers held as attributes
    stateless_ops: dict[str, Callable[[list[str], dict], str]] = {}  # functions of (inputs, fields) in forward
    stateless_modules: dict[str, str] = {}  # the same ops as modules, for nn.Sequential chains
    optional_imports: list[str] = []  # imported only where the rendered file uses the name they bind

    def construct(self, step: Step, owner: str) -> str:
        if step.op not in self.constructors:
            raise self.fail(owner, step, f"no {self.framework} spelling for this op")
        return self.constructors[step.op](self, step, owner)

    def stateless(self, step: Step, args: list[str]) -> str:
        return self.stateless_ops[step.op](args, step.fields)

    def activation_class(self, op: str) -> str:
        """The module class of an activation given to a block's argument (`nn.Hardswish`), as torchvision and
        paddle.vision pass `activation_layer`."""
        return self.stateless_modules[op].removesuffix("()")

    def activation_parameter(self, default: str) -> tuple[str, str]:
        return f"type[{self.base_class}]", self.activation_class(default)

    def value(self, value: object) -> str:
        return self.activation_class(value) if isinstance(value, OpName) else fmt(value)

    # ---- shared structure (both frameworks spell these the same way)
    def module_input(self, step: Step, arg: str) -> str:
        """What a module step is called on: its input, or that input padded first where the module cannot pad as
        the spec says (torch's strided 'same')."""
        return arg

    def activation(self, name: str, expr: str) -> str:
        """A fused activation applied to `expr`: the stateless spelling of that op."""
        return self.stateless(Step("", name, (), {}, 0, []), [expr])

    def sequential(self, runs: list[Run]) -> str:
        """nn.Sequential of modules numbered 0, 1, 2, ...; a run of alike calls as a comprehension."""
        items = []
        for run in runs:
            if run.spliced:  # a sequential block's layers, one by one
                loop = f" for {'i' if run.indexed else '_'} in range({run.count})" if run.count != 1 else ""
                items.append(f"*[layer{loop} for layer in {run.call}.children()]" if loop else
                             f"*{run.call}.children()")
            elif run.count == 1:
                items.append(run.call)
            else:
                items.append(f"*[{run.call} for {'i' if run.indexed else '_'} in range({run.count})]")
        return f"nn.Sequential({', '.join(items)})"

    def named_sequential(self, items: list[str]) -> str:
        """nn.Sequential of named modules, from `("name", module)` items (spelled by each framework)."""
        raise NotImplementedError

    @staticmethod
    def named_items(names: list[str], runs: list[Run], prefix: str | None) -> list[str]:
        """`("name", module)` pairs; with `prefix` (repeats named prefix1, prefix2, ...), a run of alike
        modules becomes one comprehension over `i`."""
        if prefix is None:
            return [f"({name!r}, {run.call})" for name, run in zip(names, runs)]
        items, start = [], 1
        for run in runs:
            if run.count == 1:
                items.append(f'("{prefix}{start}", {run.call})')
            else:
                items.append(f'*[(f"{prefix}{{i + {start}}}", {run.call}) for i in range({run.count})]')
                start = None if not isinstance(run.count, int) or start is None else start + run.count
                continue
            start += 1
        return items

    def render_sequential_block(self, name: str, doc: str, signature: list[str], steps: list[Step],
                                owner: str, attributes: list[str] = (), checks: list[str] = ()) -> list[str]:
        """A sequential block: a subclass of nn.Sequential whose children are numbered 0, 1, 2, ...; where a
        condition switches one off, a list of those present, as torchvision's InvertedResidual builds its own."""
        if any(step.condition is not None for step in steps):
            body = ["layers = []"]
            for step in steps:
                append = f"layers.append({self.module(step, owner)})"
                body += [f"if {step.condition}:", f"    {append}"] if step.condition is not None else [append]
            body.append("super().__init__(*layers)")
        else:
            body = ["super().__init__(", *indent([f"{self.module(step, owner)}," for step in steps]), ")"]
        return [
            f"class {name}(nn.Sequential):",
            *indent([*docstring(doc, 1), "", *(f"{a}\n" for a in attributes)]),
            *indent([f"def __init__(self, {', '.join(signature)}) -> None:"]),
            *indent([*checks, *body], 2),
        ]

    def module(self, step: Step, owner: str) -> str:
        """A step as a module of an nn.Sequential (stateless ops too: nn.ReLU(), ...)."""
        if step.op == ACTIVATION_ARGUMENT:
            return f"{step.fields['argument']}()"
        if step.op in OPS and OPS[step.op].stateless:
            if step.op not in self.stateless_modules:
                raise self.fail(owner, step, "an nn.Sequential chain cannot hold this op")
            return self.stateless_modules[step.op]
        if step.op == "repeat":
            return self.repeat(step, owner)
        if self.module_input(step, "x") != "x":
            raise self.fail(owner, step, "an nn.Sequential calls its modules on their input as it is, and this one "
                                         "needs it padded first; write the block or group with named rows")
        return self.block_call(step) if step.op not in OPS else self.construct(step, owner)

    def group_items(self, step: Step, owner: str) -> list[Run]:
        """A numbered group's modules as runs; a repeat or block whose layers are spliced in stays one item."""
        runs: list[Run] = []
        pending: list[str] = []
        for child in step.children:
            if child.op == "repeat" and not child.spliced and "count" in child.fields:  # each instance one module
                runs += group_runs(pending)
                pending = []
                call = self.module(child.children[0], owner)
                runs.append(Run(call, child.fields["count"], bool(re.search(r"\bi\b", call))))
                continue
            if not child.spliced:
                pending.append(self.module(child, owner))
                continue
            runs += group_runs(pending)
            pending = []
            if child.op == "repeat":
                call = self.module(child.children[0], owner)
                runs.append(Run(call, child.fields["count"], bool(re.search(r"\bi\b", call)), spliced=True))
            else:
                runs.append(Run(self.block_call(child), 1, spliced=True))
        return runs + group_runs(pending)

    def repeat(self, step: Step, owner: str) -> str:
        prefix = step.instances[0].template.repeat_names if step.instances else None
        if "count" in step.fields:  # a count over the class parameters: one call over `i`
            call = self.module(step.children[0], owner)
            runs = [Run(call, step.fields["count"], indexed=bool(re.search(r"\bi\b", call)))]
        else:
            runs = group_runs([self.module(c, owner) for c in step.children])
        if prefix is None:
            return self.sequential(runs)
        return self.named_sequential(self.named_items([c.name for c in step.children], runs, prefix))

    def fail(self, owner: str, step: Step, why: str) -> RenderError:
        return RenderError(self.framework, owner, step.name, step.op, why)

    def block_call(self, step: Step) -> str:
        args = [fmt(step.in_channels)] + [f"{k}={self.value(v)}" for k, v in step.fields.items()]
        return f"{step.op}({', '.join(args)})"

    def attribute(self, step: Step, owner: str) -> str | None:
        """The `__init__` expression for a step, or None for a stateless step."""
        if step.op == "repeat":
            return self.repeat(step, owner)
        if step.op == ACTIVATION_ARGUMENT:
            return self.module(step, owner)
        if step.op == GROUP:
            if step.instances[0].template.numbered:
                return self.sequential(self.group_items(step, owner))
            calls = [Run(self.module(c, owner), 1) for c in step.children]
            return self.named_sequential(self.named_items([c.name for c in step.children], calls, None))
        if step.op not in OPS:
            return self.block_call(step)
        if OPS[step.op].stateless:
            return None
        return self.construct(step, owner)

    def call(self, step: Step, args: list[str]) -> list[str]:
        if step.op in OPS and OPS[step.op].stateless:
            return [self.stateless(step, args)]
        expr = f"self.{step.name}({self.module_input(step, args[0])})"
        activation = step.fields.get("activation")
        return [self.activation(activation, expr) if activation else expr]

    def conditional(self, step: Step, target: str, args: list[str]) -> list[str]:
        """A step a condition may switch off: a module attribute that is None then, or for a stateless op (a
        residual add) a flag `__init__` sets; either way its first input passes on."""
        if step.op in OPS and OPS[step.op].stateless:
            return [f"{target} = {self.stateless(step, args)} if self.{step.name} else {args[0]}"]
        return [f"{target} = self.{step.name}({self.module_input(step, args[0])}) if self.{step.name} is not None "
                f"else {args[0]}"]

    def render_class(self, name: str, doc: str, signature: list[str], steps: list[Step], output: str,
                     owner: str, comments: bool, aux: tuple[str, ...] = (), attributes: list[str] = (),
                     locals_: list[str] = ()) -> list[str]:
        """A module class; `aux` steps (auxiliary classifiers) run in train mode only and are returned after
        the output there, as torchvision's GoogLeNet and Inception v3 do. `attributes` are class attributes
        (a block's `expansion`), `locals_` what `__init__` computes before its layers (channel counts)."""
        init = []
        for step in steps:
            expr = self.attribute(step, owner)
            if expr is None and step.condition is not None:  # a stateless op's switch: torchvision's use_res_connect
                init.append(f"self.{step.name} = {step.condition}")
                continue
            if expr is None:
                continue
            if step.condition is not None:
                expr = f"{expr} if {step.condition} else None"
            shapes = {node.out_shape for node in step.instances}
            comment = f"  {shape_comment(step.instances[0])}" if comments and len(shapes) == 1 else ""
            init.append(f"self.{step.name} = {expr}{comment}")
        def call(step: Step, args: list[str]) -> list[str]:
            exprs = self.call(step, args)
            return [f"{exprs[0]} if self.training else None"] if step.name in aux else exprs

        body, out_var = forward_lines(steps, output, call, self.conditional, side=frozenset(aux))
        result = f"({', '.join([out_var, *aux])}) if self.training else {out_var}" if aux else out_var
        returns = f"tuple[{', '.join([self.tensor] * (len(aux) + 1))}] | {self.tensor}" if aux else self.tensor
        return [
            f"class {name}({self.base_class}):",
            *indent([*docstring(doc, 1), "", *(f"{a}\n" for a in attributes)]),
            *indent([f"def __init__(self, {', '.join(signature)}) -> None:" if signature else
                     "def __init__(self) -> None:"]),
            *indent(["super().__init__()", *locals_, *init], 2),
            "",
            *indent([f"def forward(self, x: {self.tensor}) -> {returns}:"]),
            *indent([*body, f"return {result}"], 2),
        ]

    def render(self, models: list[Model]) -> str:
        out = [generated_header(models, self.framework), "", *self.imports, "", ""]
        groups = class_groups(models)
        families = {group[0].class_name: family_steps(group) for group in groups if group[0].class_params}
        expansions = {name: k for family in families.values() for name, k in family.expansions.items()}
        for block_name in blocks_to_render(models):
            model = next((m for m in models if block_name in m.blocks_used), models[0])
            block = model.blocks[block_name]
            signature = block_parameters(block, self.activation_parameter)
            steps = block_steps(model, block)
            doc = block.doc or f"The {block_name} block."
            attributes = [f"expansion = {expansions[block_name]}"] if block_name in expansions else []
            if block.sequential:
                out += self.render_sequential_block(block_name, doc, signature, steps, f"block {block_name}",
                                                    attributes, requirement_lines(block)) + ["", ""]
                continue
            out += self.render_class(block_name, doc, signature, steps, block.output, f"block {block_name}",
                                     comments=False, attributes=attributes, locals_=requirement_lines(block)) + ["", ""]
        for group in groups:
            model = group[0]
            doc = f"{class_description(group).rstrip('.')}. Input (N, {', '.join(map(str, model.input_shape))})."
            if model.aux:
                doc += f" In train mode it returns ({', '.join(['logits', *model.aux])})."
            if not model.class_params:
                out += self.render_class(model.class_name, doc, argument_parameters(model), model_steps(model),
                                         model.output,
                                         f"model {model.name}", comments=True, aux=tuple(model.aux)) + ["", ""]
                continue
            family = families[model.class_name]
            signature = class_signature(group, str, lambda names: f"type[{' | '.join(names)}]")
            out += self.render_class(model.class_name, doc, signature, family.steps, model.output,
                                     f"class {model.class_name}", comments=True, aux=tuple(model.aux),
                                     locals_=family.locals) + ["", ""]
            for variant in group:
                out += builder_function(group, variant, str, model.class_name) + ["", ""]
        source = "\n".join(out).rstrip() + "\n"
        for line in self.optional_imports:
            if line.split()[-1] + "(" in source:
                source = source.replace("\n".join(self.imports), "\n".join(sorted([line, *self.imports])), 1)
        return format_source(with_helpers(source))


def kw(step: Step, pairs: list[tuple[str, str]]) -> list[str]:
    """`name=value` for each (spec field, framework keyword) whose value is not the op default."""
    return [f"{word}={fmt(step.given(key))}" for key, word in pairs if step.given(key) is not None]


__all__ = ["ModuleRenderer", "kw", "Src"]
