"""The benchmark's outputs: the table (terminal and markdown), rendered-against-zoo ratios, each framework's
fair best, the batch-size cost curve, reports/bench.json and two PNG charts. Every file is written atomically."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from shared_specs.weights import atomic_output, write_atomic

from .measure import BUSY_CORES

ZOO_TARGET = 0.98  # rendered / zoo images per second, each pair


def _rate(cell: dict[str, Any], kind: str) -> str:
    value = cell.get(kind)
    if not value:
        return "-"
    return f"{value['median']:,.1f} ({value['min']:,.1f}–{value['max']:,.1f})"


def _label(cell: dict[str, Any]) -> str:
    zoo = " (zoo)" if cell["source"] == "zoo" else ""
    return f"{cell['framework']} {cell['mode']}{zoo}"


def busy(cell: dict[str, Any]) -> bool:
    """Whether other processes used more than BUSY_CORES of the machine while the cell was measured."""
    return (cell.get("other_load_cores") or 0.0) > BUSY_CORES


def table(cells: list[dict[str, Any]]) -> str:
    rows = ["| model | framework / mode | inference img/s, median (min–max) | training img/s | batch-1 p50 / p95 ms "
            "| peak RSS MB | warm-up s (infer / train) |", "|---|---|---|---|---|---|---|"]
    for cell in cells:
        if "error" in cell:
            rows.append(f"| {cell['model']} | {cell['group']} {cell['mode']} ({cell['source']}) | failed: "
                        f"{cell['error'][:120]} | | | | |")
            continue
        train_warm = f" / {cell['warmup_train_s']:.1f}" if "warmup_train_s" in cell else ""
        peak = f"{cell['peak_memory_mb']:,.0f}" if cell.get("peak_memory_mb") else "-"
        peak += " (pair)" if cell.get("peak_memory_shared") else ""
        warning = f" ⚠ busy: other processes used {cell['other_load_cores']:.1f} cores" if busy(cell) else ""
        rows.append(f"| {cell['model']} | {_label(cell)}{warning} | {_rate(cell, 'infer')} | {_rate(cell, 'train')} | "
                    f"{cell['latency_p50_ms']:.2f} / {cell['latency_p95_ms']:.2f} | {peak} | "
                    f"{cell['warmup_infer_s']:.1f}{train_warm} |")
    return "\n".join(rows)


def zoo_ratios(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each zoo cell beside the rendered cell of the same model, framework group and mode."""
    rendered = {(c["model"], c["group"], c["mode"]): c for c in cells if c["source"] == "rendered" and "error" not in c}
    pairs = []
    for zoo in (c for c in cells if c["source"] == "zoo" and "error" not in c):
        ours = rendered.get((zoo["model"], zoo["group"], zoo["mode"]))
        if ours is None:
            continue
        pair = {"model": zoo["model"], "framework": zoo["framework"], "mode": zoo["mode"], "zoo": zoo["note"]}
        for kind in ("infer", "train"):
            if ours.get(kind) and zoo.get(kind):
                pair[kind] = ours[kind]["median"] / zoo[kind]["median"]
        pairs.append(pair)
    return pairs


def fair_best(cells: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """model -> framework -> the fastest rendered mode for inference and for training, with its figure."""
    best: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for cell in cells:
        if cell["source"] != "rendered" or "error" in cell:
            continue
        entry = best[cell["model"]].setdefault(cell["framework"], {})
        for kind in ("infer", "train"):
            if cell.get(kind) and cell[kind]["median"] > entry.get(kind, {}).get("rate", 0.0):
                entry[kind] = {"rate": cell[kind]["median"], "mode": cell["mode"]}
    return dict(best)


def curves(cells: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {_label(c): c["curve"] for c in cells if "curve" in c}


def markdown(summary: dict[str, Any]) -> str:
    env, cells = summary["environment"], summary["cells"]
    lines = [f"# Throughput ({env['device']}, {env['date']})", "",
             f"{env['cpu']}, {env['cores']} cores; {env['threads']} intra-op threads in every framework; batch "
             f"{env['batch']}, median of {env['repeats']} timed calls after warm-up, batch-1 latency over "
             f"{env['latency_runs']} calls; TensorFlow oneDNN: {env['tf_onednn']}. Versions: "
             + ", ".join(f"{k} {v}" for k, v in env["versions"].items()) + f". Run time {summary['seconds']:.0f} s.",
             "", table(cells), ""]
    if any(busy(c) for c in cells):
        load = env.get("load_average")  # absent from reports written before it was recorded
        at_start = f" (one-minute load average {load:.2f} at the start)" if load is not None else ""
        lines += [(f"⚠ Other processes used more than {BUSY_CORES} cores while the cells marked busy were "
                   f"measured{at_start}: their figures are not a quiet machine's. Rerun them with nothing else "
                   f"running."), ""]
    notes = sorted({(_label(c), c["note"]) for c in cells if c.get("note")})
    lines += ["What each mode sets:", ""] + [f"- {label}: {note}" for label, note in notes] + [""]
    ratios = zoo_ratios(cells)
    if ratios:
        lines += ["## Rendered against zoo (same weights, same mode; target ≥ 0.98)", "",
                  "| model | framework / mode | zoo | inference ratio | training ratio |", "|---|---|---|---|---|"]
        for r in ratios:
            marks = {k: (f"{r[k]:.2f} {'✓' if r[k] >= ZOO_TARGET else '✗'}" if k in r else "-")
                     for k in ("infer", "train")}
            lines.append(f"| {r['model']} | {r['framework']} {r['mode']} | {r['zoo']} | {marks['infer']} | "
                         f"{marks['train']} |")
        lines.append("")
    profiled = [c for c in cells if "profile" in c]
    if profiled:
        lines += ["## Where the time goes in pairs below the target (one eager call, ms per layer type)", ""]
        for model, mode in dict.fromkeys((c["model"], c["mode"]) for c in profiled):
            pair = [c for c in profiled if (c["model"], c["mode"]) == (model, mode)]
            kinds = sorted({k for c in pair for k in c["profile"]})
            lines += [f"{model}, {pair[0]['framework']} {mode}:", "",
                      "| layer type | " + " | ".join(f"{c['source']}: count, ms" for c in pair) + " |",
                      "|---|" + "---|" * len(pair)]
            for kind in kinds:
                row = [c["profile"].get(kind, {"count": 0, "ms": None}) for c in pair]
                lines.append(f"| {kind} | " + " | ".join(
                    f"{r['count']:.0f}, {r['ms'] if r['ms'] is not None else '-'}" for r in row) + " |")
            lines.append("")
    lines += ["## Each framework's fastest mode (rendered)", "", "| model | framework | inference | training |",
              "|---|---|---|---|"]
    for model, frameworks in fair_best(cells).items():
        for framework, entry in frameworks.items():
            cols = [f"{entry[k]['rate']:,.1f} img/s ({entry[k]['mode']})" if k in entry else "-"
                    for k in ("infer", "train")]
            lines.append(f"| {model} | {framework} | {cols[0]} | {cols[1]} |")
    lines.append("")
    curve = curves(cells)
    if curve:
        batches = sorted({p["batch"] for points in curve.values() for p in points})
        model = next(c["model"] for c in cells if "curve" in c)
        lines += [f"## Cost curve: {model} inference, images/s by batch size", "",
                  "| framework / mode | " + " | ".join(map(str, batches)) + " |", "|---|" + "---|" * len(batches)]
        for label, points in curve.items():
            by_batch = {p["batch"]: p["infer"]["median"] for p in points}
            lines.append(f"| {label} | " + " | ".join(f"{by_batch[b]:,.1f}" if b in by_batch else "-"
                                                    for b in batches) + " |")
        lines.append("")
    if summary["skipped_groups"]:
        lines += ["Skipped: " + "; ".join(f"{g} ({why})" for g, why in summary["skipped_groups"].items()), ""]
    return "\n".join(lines)


def charts(summary: dict[str, Any], folder: Path, suffix: str) -> None:  # pragma: no mutate: drawing only
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cells = [c for c in summary["cells"] if "error" not in c]
    models = list(dict.fromkeys(c["model"] for c in cells))
    if models:
        figure, axes = plt.subplots(len(models), 1, figsize=(9, 1.2 + 0.32 * max(
            sum(1 for c in cells if c["model"] == m) for m in models) * len(models)), squeeze=False)
        for axis, model in zip(axes[:, 0], models):
            rows = [c for c in cells if c["model"] == model]
            labels = [_label(c) for c in rows]
            axis.barh(labels, [c["infer"]["median"] for c in rows], color="tab:blue", label="inference")
            axis.barh(labels, [c["train"]["median"] if c.get("train") else 0 for c in rows], color="tab:orange",
                      height=0.4, label="training")
            axis.set_xscale("log")
            axis.set_title(f"{model}: images/s (batch {summary['environment']['batch']})", fontsize=9)
            axis.tick_params(labelsize=7)
            axis.invert_yaxis()
        axes[0, 0].legend(fontsize=7)
        figure.tight_layout()
        _save(figure, folder / f"bench{suffix}.png")
        plt.close(figure)
    curve = curves(cells)
    if curve:
        figure, axis = plt.subplots(figsize=(7, 4))
        for label, points in curve.items():
            axis.plot([p["batch"] for p in points], [p["infer"]["median"] for p in points], marker="o", label=label)
        axis.set_xscale("log", base=2)
        axis.set_xlabel("batch size")
        axis.set_ylabel("images/s (inference)")
        axis.set_title(f"{next(c['model'] for c in cells if 'curve' in c)}: cost against batch size")
        axis.legend(fontsize=8)
        figure.tight_layout()
        _save(figure, folder / f"bench{suffix}-curve.png")
        plt.close(figure)


def _save(figure: Any, path: Path) -> None:  # pragma: no mutate: drawing only
    with atomic_output(path, suffix=".png") as tmp:
        figure.savefig(tmp, dpi=110)


def write_reports(summary: dict[str, Any], folder: Path, device: str) -> str:
    """Writes bench.json, bench.md and the charts (bench-gpu.* on a GPU); returns the markdown for the terminal."""
    suffix = "" if device == "cpu" else f"-{device}"
    summary = {**summary, "zoo_ratios": zoo_ratios(summary["cells"]), "fair_best": fair_best(summary["cells"])}
    text = markdown(summary)
    write_atomic(folder / f"bench{suffix}.json", json.dumps(summary, indent=2) + "\n")  # pragma: no mutate: indent
    write_atomic(folder / f"bench{suffix}.md", text + "\n")
    charts(summary, folder, suffix)
    return text
