"""What a user waits for: each benchmark job as one fresh `./gradgen train` process and as one fresh
Python process that imports torch, loads the same data and trains, side by side, alternating, in
one run. Reports the medians of three figures per job and tool:

  cold     the training loop's own seconds (gradgen's `seconds`; PyTorch's loop, timed in-process)
  steady   the median epoch after the first (gradgen's --history; PyTorch's per-epoch clock), from
           a run of the same job with more epochs where the job has too few to show it
  whole    the command from start to end, timed from outside (JVM start, building nothing:
           the launcher's jar is built before the first timed run; Python start, import torch)

and gradgen's peak resident memory (/usr/bin/time's maximum RSS).

    python3 benchmarks/cold/run.py [--repeats 5] [--update benchmarks/BENCHMARKS.md]
"""
import argparse
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "benchmarks")
DATA = os.path.join(BENCH, "data")
PYTHON = "/usr/bin/python3"

# job: title, gradgen model, data file, epochs, extra gradgen options, goals (PyTorch ÷ gradgen),
# epochs of the run the steady figure comes from
JOBS = [
    ("crop-yield", "crop yields, SGD, batch 3 × 1,000 epochs", "samples/crop-yield.model",
     "samples/crop-yield.csv", 1000, [], {"cold": 20, "steady": 300, "whole": 1.5}, 1000),
    ("linear-full", "1M × 32 f32 linear regression, full batch × 10 epochs", "benchmarks/models/linear-full.model",
     "benchmarks/data/linear-f32.npy", 10, ["--precision", "f32"], {"cold": 2, "steady": 3, "whole": 1.5}, 10),
    ("linear-256", "1M × 32 f32 linear regression, batch 256 × 1 epoch", "benchmarks/models/linear-256.model",
     "benchmarks/data/linear-f32.npy", 1, ["--precision", "f32"], {"cold": 2, "steady": 10, "whole": 1.5}, 5),
    ("tanh-net", "100k × 32 tanh network (64 hidden), Adam, batch 1,000 × 1 epoch",
     "benchmarks/models/tanh-net.model", "benchmarks/data/tanh.npy", 1, [], {"cold": 1, "steady": 6, "whole": 1.5}, 40),
]


def run_gradgen(job, epochs):
    key, _, model, data, _, extra, _, _ = job
    history = f"/tmp/gradgen-cold-{key}.csv"
    command = ["/usr/bin/time", "-f", "%M", os.path.join(ROOT, "gradgen"), "train", os.path.join(ROOT, model),
               "--data", os.path.join(ROOT, data), "--epochs", str(epochs), "--json", "--quiet",
               "--history", history] + extra
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    whole = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"gradgen failed on {key}:\n{result.stderr}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    rss = int(result.stderr.strip().splitlines()[-1]) / 1024
    with open(history) as f:
        ends = [float(row["seconds"]) for row in csv.DictReader(f)]
    epochs_seconds = [b - a for a, b in zip([0.0] + ends[:-1], ends)]
    return {"cold": out["seconds"], "steady": steady(epochs_seconds), "whole": whole, "rss": rss,
            "first": epochs_seconds[0], "load": out["loadSeconds"], "compile": out["compileSeconds"],
            "loss": out["loss"]}


def run_torch(job, epochs):
    key, _, _, data, _, _, _, _ = job
    command = [PYTHON, os.path.join(BENCH, "cold", "cold_torch.py"), key, os.path.join(ROOT, data), str(epochs)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    whole = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"PyTorch failed on {key}:\n{result.stderr}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return {"cold": out["seconds"], "steady": steady(out["epochs"]), "whole": whole, "first": out["epochs"][0],
            "loss": out["loss"]}


def steady(epochs_seconds):
    """The median epoch after the first; for a one-epoch job, that epoch (it is all there is)."""
    later = epochs_seconds[1:] or epochs_seconds
    return statistics.median(later)


def fmt(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def machine():
    lines = [f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, `python3 benchmarks/cold/run.py`"]
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        name = re.search(r"Model name:\s*(.*)", cpu)
        count = re.search(r"^CPU\(s\):\s*(\d+)", cpu, re.M)
        lines.append(f"{name.group(1).strip() if name else platform.processor()}, {count.group(1) if count else '?'} CPUs")
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    torch = subprocess.run([PYTHON, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                           text=True).stdout.strip()
    lines.append(f"{java}; PyTorch {torch} (CPU, 2 threads); load average at start "
                 f"{open('/proc/loadavg').read().split()[0]}")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--update", help="rewrite this file's cold-run section")
    parser.add_argument("--jobs", default=",".join(job[0] for job in JOBS))
    args = parser.parse_args()
    wanted = args.jobs.split(",")
    jobs = [job for job in JOBS if job[0] in wanted]
    # The launcher builds its jar on first use: not part of any timed run.
    subprocess.run([os.path.join(ROOT, "gradgen"), "--version"], check=True, capture_output=True, cwd=ROOT)
    subprocess.run(["java", "-Dgradgen.bench.root=" + BENCH, "-cp", os.path.join(BENCH, "target", "benchmarks.jar"),
                    "io.gradgen.bench.MakeData"], check=True, capture_output=True)
    header = machine()
    rows = []
    for job in jobs:
        gradgen, torch = [], []
        epochs, steady_epochs = job[4], job[7]
        run_gradgen(job, epochs)  # one untimed run each: the disk cache and the archive the launcher makes
        run_torch(job, epochs)
        for _ in range(args.repeats):
            gradgen.append(run_gradgen(job, epochs))
            torch.append(run_torch(job, epochs))
            if steady_epochs != epochs:
                gradgen[-1]["steady"] = run_gradgen(job, steady_epochs)["steady"]
                torch[-1]["steady"] = run_torch(job, steady_epochs)["steady"]
        g = {k: statistics.median(r[k] for r in gradgen) for k in gradgen[0]}
        t = {k: statistics.median(r[k] for r in torch) for k in torch[0]}
        rows.append((job, g, t))
        print(f"{job[0]}: gradgen {g}  torch {t}", file=sys.stderr, flush=True)
    table = [f"Medians of {args.repeats} alternating runs each (after one untimed run of each), " + header[0]
             + "; the steady epoch of the one-epoch jobs from runs of the same job with "
             + " and ".join(f"{job[7]} epochs ({job[0]})" for job in jobs if job[7] != job[4]) + ".", "",
             "; ".join(header[1:]), "",
             "| job | cold `seconds`, gradgen / PyTorch | ratio (goal) | steady epoch, gradgen / PyTorch | ratio (goal) "
             "| whole command, gradgen / PyTorch | ratio (goal) | gradgen peak RSS |",
             "|---|---|---|---|---|---|---|---|"]
    met = 0
    for job, g, t in rows:
        cells = [job[1]]
        for figure in ("cold", "steady", "whole"):
            ratio = t[figure] / g[figure]
            goal = job[6][figure]
            ok = ratio >= goal
            met += ok
            cells.append(f"{fmt(g[figure])} / {fmt(t[figure])}")
            cells.append(f"{ratio:.3g}× (≥ {goal}×) {'met' if ok else '**not met**'}")
        cells.append(f"{g['rss']:.0f} MB")
        table.append("| " + " | ".join(cells) + " |")
    table.append("")
    table.append(f"{met} of {3 * len(rows)} goals met. gradgen's first epoch, load and compile seconds: "
                 + "; ".join(f"{job[0]} {fmt(g['first'])}, {fmt(g['load'])}, {fmt(g['compile'])}"
                             for job, g, _ in rows) + ". PyTorch's first epoch: "
                 + "; ".join(f"{job[0]} {fmt(t['first'])}" for job, _, t in rows) + ".")
    text = "\n".join(table) + "\n"
    print(text)
    if args.update:
        with open(args.update) as f:
            doc = f.read()
        begin, end = "<!-- cold-run:begin -->", "<!-- cold-run:end -->"
        if begin not in doc:
            raise SystemExit(f"{args.update} has no {begin} … {end} section")
        before, rest = doc.split(begin, 1)
        _, after = rest.split(end, 1)
        with open(args.update + ".tmp", "w") as f:
            f.write(before + begin + "\n" + text + end + after)
        os.replace(args.update + ".tmp", args.update)


if __name__ == "__main__":
    main()
