"""The benchmark jobs in PyTorch (CPU), on the .npy files gradgen's MakeData wrote.

Same models, optimizers, learning rates, batches, epochs per timed run and data as the JMH suite
(benchmarks/src/main/java/io/gradgen/bench/Job.java); float32 or float64 tensors; one or two
intra-op threads. Batches are slices of tensors loaded once (faster than a DataLoader); crop yields
draws a fresh permutation each epoch, as gradgen's `shuffle` does. Each timed run starts from the
same parameters and optimizer state; warm-up runs first, the median of the repeats is reported, per
epoch (per optimizer step for crop yields), in milliseconds.

    /usr/bin/python3 benchmarks/pytorch/bench_torch.py --data benchmarks/data --out torch.json [--quick]
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# job: data file, features, outputs, batch (0 = full), epochs per timed run, steps per epoch
JOBS = {
    "crop-yield": ("crop-yield", 3, 2, 3, 100, 5),
    "linear-full": ("linear", 32, 1, 0, 10, 1),
    "linear-256": ("linear", 32, 1, 256, 5, 3907),
    "tanh-net": ("tanh", 32, 1, 1000, 5, 100),
}


def build(job, dtype):
    torch.manual_seed(0)
    if job == "tanh-net":
        model = nn.Sequential(nn.Linear(32, 64), nn.Tanh(), nn.Linear(64, 1)).to(dtype)
        return model, lambda: torch.optim.Adam(model.parameters(), lr=1e-3)
    _, features, outputs, _, _, _ = JOBS[job]
    model = nn.Linear(features, outputs).to(dtype)
    lr = {"crop-yield": 1e-5, "linear-full": 0.1, "linear-256": 0.01}[job]
    if job != "crop-yield":
        with torch.no_grad():
            model.weight.zero_()
            model.bias.zero_()
    return model, lambda: torch.optim.SGD(model.parameters(), lr=lr)


def timed_run(job, model, make_optimizer, initial, x, y):
    """One timed run: reset, then the job's epochs; returns seconds."""
    _, _, _, batch, epochs, _ = JOBS[job]
    rows = x.shape[0]
    with torch.no_grad():
        for p, p0 in zip(model.parameters(), initial):
            p.copy_(p0)
    optimizer = make_optimizer()
    generator = torch.Generator().manual_seed(7)
    start = time.perf_counter()
    for _ in range(epochs):
        if job == "crop-yield":
            order = torch.randperm(rows, generator=generator)
            xs, ys = x[order], y[order]
        else:
            xs, ys = x, y
        step = rows if batch == 0 else batch
        for lo in range(0, rows, step):
            xb, yb = xs[lo:lo + step], ys[lo:lo + step]
            optimizer.zero_grad(set_to_none=True)
            loss = F.mse_loss(model(xb), yb)
            loss.backward()
            optimizer.step()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--precisions", default="f64,f32")
    args = parser.parse_args()
    warmup, repeats = (1, 3) if args.quick else (2, 5)
    torch.set_num_interop_threads(1)
    results = []
    for job, (data, features, outputs, batch, epochs, steps) in JOBS.items():
        table = np.load(f"{args.data}/{data}.npy")
        for precision in args.precisions.split(","):
            dtype = torch.float32 if precision == "f32" else torch.float64
            values = torch.from_numpy(table).to(dtype).contiguous()
            x = values[:, :features].contiguous()
            y = values[:, features:features + outputs].contiguous()
            for threads in [int(t) for t in args.threads.split(",")]:
                torch.set_num_threads(threads)
                model, make_optimizer = build(job, dtype)
                initial = [p.detach().clone() for p in model.parameters()]
                for _ in range(warmup):
                    timed_run(job, model, make_optimizer, initial, x, y)
                samples = [timed_run(job, model, make_optimizer, initial, x, y) for _ in range(repeats)]
                units = epochs * (steps if job == "crop-yield" else 1)
                per_unit = [1000 * s / units for s in samples]
                results.append({"job": job, "precision": precision, "threads": threads,
                                "ms": statistics.median(per_unit), "samples": per_unit})
                print(f"torch {job:12} {precision} {threads} thread(s): {statistics.median(per_unit):.6g} ms",
                      flush=True)
    with open(args.out + ".tmp", "w") as out:
        json.dump({"torch": torch.__version__, "numpy": np.__version__, "quick": args.quick,
                   "warmup": warmup, "repeats": repeats, "results": results}, out, indent=1)
    import os
    os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
