"""`rosetta`: list, show, render, init, parity, train, bench, port and import specs from the command line.

Every failure a user can cause prints one line on stderr and exits 2.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from frameworks.base import DEVICES, FRAMEWORK_NAMES, get_framework
from shared_specs import weights
from shared_specs.errors import RosettaError
from shared_specs.registry import families, family_models, get_model, list_models, load_family
from shared_specs.schema import SCHEMA_FILE, schema_text
from shared_specs.summary import summary_dict, summary_text
from shared_specs.training import RECIPES
from shared_specs.weights import check_destination, prepare_folder, write_atomic

from .console import captured
from .port import CANONICAL, FORMATS, ZOOS, format_of
from .port import write as write_weights

MAX_BATCH = 1024  # a probe batch: enough for any statistic, and the float64 oracle's memory stays bounded
MAX_SEED = 2**32 - 1


def _integer(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from `low` to `high`, else one line saying so."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {value}")
        return value
    return parse


def _real(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from `low` to `high`, else one line saying so."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if not low <= value <= high:  # NaN fails
            raise argparse.ArgumentTypeError(f"must be from {low:g} to {high:g}, got {text}")
        return value
    return parse


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + traceback-like noise
        raise RosettaError(f"{self.prog}: {message}")


def _cmd_list(args: argparse.Namespace) -> int:
    rows = [get_model(name) for name in list_models()]
    width, class_width = max(len(m.name) for m in rows), max(len(m.class_name) for m in rows)
    print(f"{'model':<{width}}  {'class':<{class_width}}  {'input':<12}  {'params':>12}  published")
    for m in rows:
        pub = f"{m.published.count:,}" if m.published else "-"
        print(f"{m.name:<{width}}  {m.class_name:<{class_width}}  {'x'.join(map(str, m.input_shape)):<12}  "
              f"{m.num_params:>12,}  {pub}")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    model = get_model(args.spec)
    if args.json:
        print(json.dumps(summary_dict(model, args.depth), indent=2))
    else:
        print(summary_text(model, args.depth))
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    names = FRAMEWORK_NAMES if args.framework is None else (args.framework,)
    if args.all:
        write_atomic(SCHEMA_FILE, schema_text())
        print(f"wrote {SCHEMA_FILE}")
        for family in families():
            for name in names:
                fw = get_framework(name)
                write_atomic(fw.model_file(family), fw.render(list(load_family(family))))
                print(f"wrote {fw.model_file(family)}")
        return 0
    if args.spec is None:
        raise RosettaError("render: give a SPEC or --all")
    models = list(family_models(args.spec))
    for name in names if args.out else ():
        prepare_folder(Path(args.out) / get_framework(name).package)  # before any rendering
    family = models[0].family
    for name in names:
        fw = get_framework(name)
        source = fw.render(models)
        if args.out:
            target = Path(args.out) / fw.package / f"{family}.py"  # its folder was prepared above
            write_atomic(target, source)
            print(f"wrote {target}")
        else:
            print(source, end="")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    model = get_model(args.spec)
    output = check_destination(args.output)
    fmt = format_of(output)
    values = weights.init(model, args.seed)
    if fmt == CANONICAL:
        # one metadata entry: safetensors orders several from a hash map, which would make files differ run to run
        meta = {"rosetta": json.dumps({"model": model.name, "seed": args.seed}, sort_keys=True)}
        weights.save(output, values, meta)
    else:
        write_weights(model, fmt, values, output)
    print(f"wrote {args.output}: {len(model.tensor_shapes())} tensors, {model.num_params + model.num_buffers:,} values")
    return 0


def _split(values: list[str] | str | None) -> list[str]:
    """Names given space- or comma-separated, in one argument or several."""
    text = " ".join(values) if isinstance(values, list) else (values or "")
    return text.replace(",", " ").split()


def _cmd_parity(args: argparse.Namespace) -> int:
    from . import parity
    from .probe_cache import ProbeCache

    names = _split(args.spec) or (list_models() if args.full else parity.default_models())
    for name in names:
        get_model(name)  # unknown specs fail here, before any work
    frameworks = _split(args.frameworks) or list(FRAMEWORK_NAMES)
    for name in frameworks:
        get_framework(name, args.device)  # unknown names and devices fail here, before any work
    batch = args.batch
    loaded = None
    if args.weights:
        loaded = weights.load(args.weights)
        for name in names:
            weights.validate(get_model(name), loaded, args.weights)
    if args.trace and len(names) != 1:
        raise RosettaError("parity --trace: name exactly one SPEC")
    prepare_folder(args.reports)
    cache = None if args.no_cache else ProbeCache(Path(args.cache or Path(args.reports) / "probe-cache"))
    log = None if args.verbose else Path(args.reports) / "parity.log"
    with captured(log):
        status = parity.trace(names[0], frameworks, batch, args.device, loaded) if args.trace else \
            parity.run(names, frameworks, batch, args.device, loaded, Path(args.reports), cache)
    if log is not None:
        print(f"framework and library messages: {log}")
    return status


def _cmd_train(args: argparse.Namespace) -> int:
    from shared_specs.datasets import load_dataset
    from shared_specs.training import recipe

    from . import train

    model = get_model(args.spec)
    train.check_trainable(model)
    if args.compare == bool(args.framework):
        raise RosettaError("rosetta train: give --framework NAME, or --compare for every framework")
    if args.frameworks and not args.compare:
        raise RosettaError("rosetta train: --frameworks goes with --compare (one framework: --framework NAME)")
    frameworks = _split(args.frameworks) or list(FRAMEWORK_NAMES)
    for name in frameworks:
        get_framework(name)  # unknown names fail here, before any work
    plan = recipe(args.recipe, epochs=args.epochs, batch=args.batch, lr=args.lr, momentum=args.momentum,
                  weight_decay=args.weight_decay, seed=args.seed)
    start = weights.load(args.weights) if args.weights else weights.init(model, plan.seed)
    weights.validate(model, start, args.weights or "weights")
    data = load_dataset(args.data, model.input_shape)
    folder = Path(args.reports if args.compare else args.out)
    prepare_folder(folder)
    log = None if args.verbose else folder / "train.log"
    with captured(log):
        status = (train.compare(model, frameworks, plan, data, start, Path(args.reports)) if args.compare
                  else train.train(model, args.framework, plan, data, start, Path(args.out)))
    if log is not None:
        print(f"framework and library messages: {log}")
    return status


def _cmd_import(args: argparse.Namespace) -> int:
    from . import importing

    arguments = dict(importing.parse_argument(a) for a in args.arg or [])
    return importing.import_model(args.model, args.source, Path(args.output) if args.output else None,
                                  importing.parse_shape(args.input) if args.input else None,
                                  Path(args.weights) if args.weights else None, arguments,
                                  importing.parse_weights(args.aux_weights) if args.aux_weights else ())


def _cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.modes import GROUPS
    from benchmarks.run import DEFAULT_MODELS, Plan, run

    names = _split(args.spec) or (list_models() if args.all else list(DEFAULT_MODELS))
    for name in names:
        get_model(name)  # unknown specs fail here, before any work
    groups = []
    for name in _split(args.frameworks) or ["torch", "paddle", "keras"]:
        expanded = [g for g in GROUPS if g == name or g.startswith(f"{name}-")]
        if not expanded:
            raise RosettaError(f"bench --frameworks: unknown '{name}'; choose from torch, paddle, keras, "
                               + ", ".join(g for g in GROUPS if "-" in g))
        groups += expanded
    modes = _split(args.modes)
    known = {m.name for ms in GROUPS.values() for m in ms}
    if unknown := [m for m in modes if m not in known]:
        raise RosettaError(f"bench --modes: unknown {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    reports = prepare_folder(args.reports)
    plan = Plan(names, list(dict.fromkeys(groups)), modes, batch=args.batch, repeats=args.repeats,
                latency_runs=args.latency_runs, train=not args.no_train, device=args.device)
    return run(plan, reports)


def _cmd_port(args: argparse.Namespace) -> int:
    from .port import port

    return port(args.spec, args.source, Path(args.weights), args.target, Path(args.output), args.batch)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rosetta", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("list", help="every spec variant with its parameter count")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("show", help="per-layer table of one spec variant")
    p.add_argument("spec", help="variant name, or FAMILY:VARIANT")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--depth", type=_integer(0, 99), default=99, help="how deep to expand blocks")
    p.set_defaults(func=_cmd_show)
    p = sub.add_parser("render", help="framework source of a spec family")
    p.add_argument("spec", nargs="?", help="family or variant name")
    p.add_argument("--framework", "-f", choices=FRAMEWORK_NAMES, help="one framework (default: all three)")
    p.add_argument("--out", help="write DIR/<framework package>/<family>.py instead of printing")
    p.add_argument("--all", action="store_true", help="regenerate every checked-in model file")
    p.set_defaults(func=_cmd_render)
    p = sub.add_parser("init", help="deterministic canonical weights (safetensors)")
    p.add_argument("spec")
    p.add_argument("--seed", type=_integer(0, MAX_SEED), default=0)
    p.add_argument("-o", "--output", required=True, help="written atomically in the format its name ends in: "
                   ".safetensors (canonical), .pt/.pth (torch), .pdparams (paddle), .weights.h5 (keras)")
    p.set_defaults(func=_cmd_init)
    p = sub.add_parser("parity", help="every spec x framework against the float64 oracle")
    p.add_argument("spec", nargs="*", help="model names, space- or comma-separated (default: every variant at "
                   "or below 5 G multiply-adds per image and each family's lightest; --full: all)")
    p.add_argument("--frameworks", help="comma-separated subset of torch,paddle,keras")
    p.add_argument("--device", choices=DEVICES, default="cpu", help="gpu: cells without a usable GPU are skipped")
    p.add_argument("--weights", help="canonical .safetensors to compare with (default: seeded random weights)")
    p.add_argument("--batch", type=_integer(1, MAX_BATCH), help="probe batch size (default 2, 1 above 5 G multiply-adds per image)")
    p.add_argument("--full", action="store_true", help="every variant, the heavy ones too (`make parity-full`)")
    p.add_argument("--trace", action="store_true", help="name the first layer whose activation diverges")
    p.add_argument("--reports", default="reports", help="folder for parity.json, parity.md and parity.log")
    p.add_argument("--cache", help="folder of the probes' oracle and reference results, kept between runs under a "
                   "key of the spec file, weights, probe and code (default: REPORTS/probe-cache)")
    p.add_argument("--no-cache", action="store_true", help="compute every probe afresh and keep none")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="show the frameworks' own messages live instead of keeping them in parity.log")
    p.set_defaults(func=_cmd_parity)
    p = sub.add_parser("train", help="train with a seed recipe in one framework, or --compare all three step by step")
    p.add_argument("spec")
    p.add_argument("--framework", "-f", choices=FRAMEWORK_NAMES, help="the framework to train in")
    p.add_argument("--compare", action="store_true", help="every framework from the same weights on the same batches; "
                   "loss curves, their divergence and accuracies in reports/train-SPEC.{png,json,md}")
    p.add_argument("--frameworks", help="with --compare: a comma-separated subset of torch,paddle,keras")
    p.add_argument("--data", help="folder of MNIST IDX (train-images-idx3-ubyte...) or CIFAR-10 binary "
                   "(data_batch_N.bin) files (default: scikit-learn's bundled handwritten digits)")
    p.add_argument("--recipe", choices=RECIPES, default="adam", help="adam: seed 002's (torch defaults, batch 64, "
                   "10 epochs); sgd: momentum 0.9, lr 0.01")
    p.add_argument("--epochs", type=_integer(1, 1000))
    p.add_argument("--batch", type=_integer(1, MAX_BATCH))
    p.add_argument("--lr", type=_real(1e-12, 10.0))
    p.add_argument("--momentum", type=_real(0.0, 0.999), help="SGD momentum (torch's convention: no dampening)")
    p.add_argument("--weight-decay", type=_real(0.0, 1.0), help="the L2 term added to the gradient, as torch.optim's")
    p.add_argument("--seed", type=_integer(0, MAX_SEED), help="shuffling order and initial weights (default 0)")
    p.add_argument("--weights", help="canonical .safetensors to start from (default: seeded initial weights)")
    p.add_argument("--out", default="runs", help="folder for the checkpoint (native and canonical) and the record")
    p.add_argument("--reports", default="reports", help="with --compare: folder for the reports and train.log")
    p.add_argument("-v", "--verbose", action="store_true", help="show the frameworks' own messages live")
    p.set_defaults(func=_cmd_train)
    p = sub.add_parser("import", help="a model of your own (PyTorch, Paddle or Keras) becomes a spec, proven on its weights")
    p.add_argument("model", help="path/to/file.py:ClassOrFactory, or a Keras model.keras")
    p.add_argument("--from", dest="source", required=True, choices=FRAMEWORK_NAMES)
    p.add_argument("-o", "--output", help="the spec file to write, NAME.yaml (default: the source file's name); "
                   "its weights go beside it as NAME.safetensors")
    p.add_argument("--input", help="input shape C x H x W, e.g. 3x32x32 (a Keras model knows its own)")
    p.add_argument("--weights", help="a trained checkpoint of the model (torch: a state_dict .pt/.pth; paddle: "
                   ".pdparams, read without unpickling objects; keras: .weights.h5)")
    p.add_argument("--arg", action="append", metavar="NAME=VALUE", help="keyword argument of the class or factory "
                   "(a Python literal), repeatable")
    p.add_argument("--aux-weights", metavar="W1,W2", help="the loss weights of the auxiliary outputs the model "
                   "returns after its output in train mode (a GoogLeNet's 0.3,0.3), in the order it returns them")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("bench", help="throughput: framework against framework, mode against mode, rendered "
                       "against zoo")
    p.add_argument("spec", nargs="*", help="model names (default: the LeNets, ResNet-18 and ResNet-50)")
    p.add_argument("--all", action="store_true", help="every spec variant (make bench-full)")
    p.add_argument("--frameworks", help="comma-separated: torch, paddle, keras (all its backends that import), "
                   "or one of keras-tensorflow, keras-jax, keras-torch")
    p.add_argument("--modes", help="comma-separated mode names, e.g. eager,compiled (default: every mode)")
    p.add_argument("--batch", type=_integer(1, MAX_BATCH), default=8, help="batch of the throughput figures")
    p.add_argument("--repeats", type=_integer(1, 1000), default=3, help="timed calls per figure (median, min, max)")
    p.add_argument("--latency-runs", type=_integer(1, 10000), default=10, help="batch-1 calls for p50/p95")
    p.add_argument("--no-train", action="store_true", help="inference and latency only")
    p.add_argument("--device", choices=DEVICES, default="cpu")
    p.add_argument("--reports", default="reports", help="folder for bench.json, bench.md, the charts and the log")
    p.set_defaults(func=_cmd_bench)
    p = sub.add_parser("port", help="convert a trained checkpoint between stacks, verified on a probe batch")
    p.add_argument("spec", help="the variant the checkpoint was trained from")
    p.add_argument("--from", dest="source", required=True, choices=(*FORMATS, *ZOOS),
                   help="the checkpoint's stack (a .safetensors file is canonical whatever this says); "
                   "keras_applications: a keras.applications model's .weights.h5 (VGG16, VGG19, DenseNet121); "
                   "paddle_vision: a paddle.vision model's .pdparams under its own names (AlexNet, DenseNet, "
                   "Inception v3, ShuffleNet v2 and the models that keep torchvision's names)")
    p.add_argument("--weights", required=True, help="torch .pt/.pth, paddle .pdparams, keras .weights.h5, "
                   "or canonical .safetensors")
    p.add_argument("--to", dest="target", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, help="written atomically, after verification")
    p.add_argument("--batch", type=_integer(1, MAX_BATCH), default=2, help="probe batch size")
    p.set_defaults(func=_cmd_port)
    return parser


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so that every temp file is removed on the way out."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except RosettaError as exc:
        print(f"rosetta: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print(f"rosetta: interrupted{f' by {exc}' if str(exc) else ''}; nothing half-written is left", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
