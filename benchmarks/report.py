"""Turns the JMH and PyTorch results into the tables of BENCHMARKS.md, with a verdict per target.

    python3 benchmarks/report.py --jmh results/jmh.json --torch results/torch.json \
        --machine results/machine.md --label "smoke run (--quick)" [--update BENCHMARKS.md]

Times are medians of the measurement iterations (JMH) or repeats (PyTorch), per epoch, or per
optimizer step for crop yields. A ratio is "how many times faster the generated kernel is"
(other's time / generated time), except for the floor (generated epoch / floor: lower is better).
Standard library only, so it runs with any python3.
"""
import argparse
import json
import os
import statistics

# job: epochs per JMH invocation, steps per epoch (Job.java)
JOBS = {"crop-yield": (100, 5), "linear-full": (10, 1), "linear-256": (5, 3907), "tanh-net": (5, 100)}
UNIT = {"crop-yield": "µs/step", "linear-full": "ms/epoch", "linear-256": "ms/epoch", "tanh-net": "ms/epoch"}
SCALE = {"crop-yield": 1000.0}  # ms → µs

# (job, what, threshold): what = hand | floor | interpreted | torch
TARGETS = [(job, "hand", 0.9) for job in JOBS] + [
    ("linear-full", "floor", 1.5),
    ("crop-yield", "interpreted", 50), ("linear-full", "interpreted", 3),
    ("linear-256", "interpreted", 3), ("tanh-net", "interpreted", 3),
    ("crop-yield", "torch", 100), ("linear-full", "torch", 2),
    ("linear-256", "torch", 20), ("tanh-net", "torch", 0.5),
]


def jmh_medians(path):
    """{(method, job, precision, threads): median ms per unit}"""
    out = {}
    for entry in json.load(open(path)):
        if ".HessianVectorBench." in entry["benchmark"]:
            continue  # its own table: hessian_report.py
        method = entry["benchmark"].rsplit(".", 1)[1]
        params = entry.get("params", {})
        raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
        median = statistics.median(raw)
        job = params.get("job", "linear-full")
        if entry["benchmark"].endswith("FullBatchBench." + method):
            method = {"floor": "floor", "gradient": "gradient"}[method]
            units = 1
        else:
            epochs, steps = JOBS[job]
            units = epochs * (steps if job == "crop-yield" else 1)
        out[(method, job, params["precision"], int(params["threads"]))] = median / units
    return out


def torch_medians(path):
    if not path or not os.path.exists(path):
        return {}, None
    data = json.load(open(path))
    return {(r["job"], r["precision"], r["threads"]): r["ms"] for r in data["results"]}, data["torch"]


def fmt(ms, job):
    if ms is None:
        return "–"
    value = ms * SCALE.get(job, 1.0)
    return f"{value:.3g}" if value < 1000 else f"{value:.0f}"


def ratio(x):
    return "–" if x is None else (f"{x:.2f}×" if x < 10 else f"{x:.0f}×")


def build(jmh, torch, torch_version, label, machine):
    keys = sorted({(k[1], k[2], k[3]) for k in jmh if k[0] != "floor" and k[0] != "gradient"},
                  key=lambda k: (list(JOBS).index(k[0]), k[1] != "f64", k[2]))
    lines = [f"Results: **{label}**. Medians; crop yields in µs per optimizer step (its 100-epoch run",
             "divided by its 500 steps), the others in ms per epoch. Ratios are other ÷ generated",
             "(how many times faster the generated kernel is).", ""]
    lines.append("| job | prec | threads | generated | hand-written | interpreted | PyTorch "
                 f"{torch_version or '(not run)'} | gen vs hand | gen vs interp | gen vs PyTorch |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for job, precision, threads in keys:
        gen = jmh.get(("generated", job, precision, threads))
        hand = jmh.get(("handwritten", job, precision, threads))
        interp = jmh.get(("interpreted", job, precision, threads))
        pt = torch.get((job, precision, threads))
        r = {"hand": hand / gen if gen and hand else None,
             "interpreted": interp / gen if gen and interp else None,
             "torch": pt / gen if gen and pt else None}
        floor = jmh.get(("floor", job, precision, threads))
        r["floor"] = gen / floor if gen and floor else None
        lines.append(f"| {job} | {precision} | {threads} | {fmt(gen, job)} | {fmt(hand, job)} | {fmt(interp, job)} "
                     f"| {fmt(pt, job)} | {ratio(r['hand'])} | {ratio(r['interpreted'])} | {ratio(r['torch'])} |")
        for tjob, what, threshold in TARGETS:
            if tjob == job:
                verdicts.append((job, precision, threads, what, threshold, r[what]))
    floors = sorted(k for k in jmh if k[0] == "floor")
    if floors:
        lines += ["", "Full batch, 1,000,000 × 32: one pass over the data (ms).", "",
                  "| prec | threads | floor (read-only sum) | objective loss+gradient | generated epoch "
                  "| epoch ÷ floor | implied bandwidth of the floor |", "|---|---|---|---|---|---|---|"]
        for _, job, precision, threads in floors:
            floor = jmh[("floor", job, precision, threads)]
            grad = jmh.get(("gradient", job, precision, threads))
            gen = jmh.get(("generated", job, precision, threads))
            megabytes = 1_000_000 * 33 * (8 if precision == "f64" else 4) / 1e6
            lines.append(f"| {precision} | {threads} | {floor:.3g} | {fmt(grad, job)} | {fmt(gen, job)} | "
                         f"{'–' if gen is None else f'{gen / floor:.2f}×'} | {megabytes / floor:.1f} GB/s |")
    lines += ["", "Targets (each ratio as above; the floor row is generated epoch ÷ floor, at most the target):", "",
              "| job | prec | threads | target | measured | verdict |", "|---|---|---|---|---|---|"]
    met = total = 0
    names = {"hand": "≥ {t}× hand-written", "floor": "≤ {t}× bandwidth floor", "interpreted": "≥ {t}× interpreted",
             "torch": "≥ {t}× PyTorch"}
    for job, precision, threads, what, threshold, value in verdicts:
        if value is None:
            verdict = "not measured"
        else:
            ok = value <= threshold if what == "floor" else value >= threshold
            met += ok
            total += 1
            verdict = "met" if ok else "**NOT met**"
        lines.append(f"| {job} | {precision} | {threads} | {names[what].format(t=threshold)} | {ratio(value)} | {verdict} |")
    lines += ["", f"{met} of {total} measured targets met.", ""]
    if machine:
        lines += ["Machine of this run:", "", "```", machine.strip(), "```", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jmh", required=True)
    parser.add_argument("--torch")
    parser.add_argument("--machine")
    parser.add_argument("--label", default="full run")
    parser.add_argument("--update", help="BENCHMARKS.md: replace what lies between the tables markers")
    args = parser.parse_args()
    torch, version = torch_medians(args.torch)
    machine = open(args.machine).read() if args.machine and os.path.exists(args.machine) else ""
    text = build(jmh_medians(args.jmh), torch, version, args.label, machine)
    print(text)
    if args.update:
        begin, end = "<!-- tables:begin (written by run.sh) -->", "<!-- tables:end -->"
        document = open(args.update).read()
        head, rest = document.split(begin, 1)
        _, tail = rest.split(end, 1)
        with open(args.update + ".tmp", "w") as out:
            out.write(head + begin + "\n" + text + "\n" + end + tail)
        os.replace(args.update + ".tmp", args.update)


if __name__ == "__main__":
    main()
