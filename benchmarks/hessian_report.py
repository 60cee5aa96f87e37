"""The HVP-against-gradient table of BENCHMARKS.md from HessianVectorBench's JMH results.

    python3 benchmarks/hessian_report.py benchmarks/results/hessian.json

For each job and precision: the median time of one pass over all the job's rows computing the loss
and gradient (`gradient`) and the loss, gradient and Hessian-vector product (`hessianVector`), both
measured one after the other in the same JMH run, the ratio of the medians (and of the best
iterations, which a loaded machine disturbs least), and the verdict on the medians against issue 22's goal (an HVP costs at
most 3× a gradient). Standard library only.
"""
import json
import statistics
import sys

GOAL = 3.0
JOBS = ["crop-yield", "linear-full", "tanh-net"]
ROWS = {"crop-yield": "15", "linear-full": "1,000,000", "tanh-net": "100,000"}


def medians(path):
    """{(method, job, precision): (median µs, min µs, max µs)} over the measured iterations."""
    out = {}
    for entry in json.load(open(path)):
        if ".HessianVectorBench." not in entry["benchmark"]:
            continue
        method = entry["params"]["what"]
        raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
        out[(method, entry["params"]["job"], entry["params"]["precision"])] = (
            statistics.median(raw), min(raw), max(raw))
    return out


def fmt(us):
    return f"{us / 1000:.3g} ms" if us >= 1000 else f"{us:.3g} µs"


def main():
    results = medians(sys.argv[1])
    lines = ["| job | rows | prec | gradient pass | HVP pass | HVP ÷ gradient | best ÷ best | goal ≤ 3× |",
             "|---|---|---|---|---|---|---|---|"]
    for job in JOBS:
        for precision in ["f64", "f32"]:
            gradient = results.get(("gradient", job, precision))
            product = results.get(("hessianVector", job, precision))
            if not gradient or not product:
                continue
            ratio = product[0] / gradient[0]
            best = product[1] / gradient[1]
            verdict = "met" if ratio <= GOAL else f"**NOT met** (by {ratio / GOAL:.2f}×)"
            lines.append(f"| {job} | {ROWS[job]} | {precision} | {fmt(gradient[0])} | {fmt(product[0])} "
                         f"| {ratio:.2f}× | {best:.2f}× | {verdict} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
