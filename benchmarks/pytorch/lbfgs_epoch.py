#!/usr/bin/env python3
"""An L-BFGS epoch on the 1M × 32 job (issue 22), gradgen and PyTorch side by side in one run.

The job is linear-full's regression (benchmarks/models/linear-lbfgs.model: w[32], b, mse, full
batch) trained by torch.optim.LBFGS's defaults (lr 1, max_iter 20, no line search): an epoch is one
opt.step(closure), up to 20 loss-and-gradient passes over the 1,000,000 rows, in float64, on the
same data/linear.npy. gradgen: `./gradgen train benchmarks/models/linear-lbfgs.model --epochs E
--json`, its "seconds" (the training loop alone: compile and data load are reported apart), over
E = 1 and E = 3 epochs; PyTorch: nn.Linear, F.mse_loss, the same closure loop, a warm-up run first,
the median of 3 runs. Both print the evaluations taken (torch's func_evals; gradgen's from --save),
which must agree, and the time per evaluation.

    /usr/bin/python3 benchmarks/pytorch/lbfgs_epoch.py [--threads 2]
"""
import argparse, json, os, statistics, subprocess, tempfile, time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "benchmarks", "models", "linear-lbfgs.model")
DATA = os.path.join(ROOT, "benchmarks", "data", "linear.npy")


def torch_run(x, y, epochs):
    model = nn.Linear(32, 1).double()
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    opt = torch.optim.LBFGS(model.parameters())

    def closure():
        opt.zero_grad()
        loss = F.mse_loss(model(x).squeeze(1), y)
        loss.backward()
        return loss

    start = time.perf_counter()
    for _ in range(epochs):
        opt.step(closure)
    seconds = time.perf_counter() - start
    return seconds, opt.state[model.weight]["func_evals"]


def gradgen_run(epochs, threads):
    with tempfile.TemporaryDirectory() as folder:
        save = os.path.join(folder, "state.json")
        out = subprocess.run([os.path.join(ROOT, "gradgen"), "train", MODEL, "--epochs", str(epochs), "--json",
                              "--quiet", "--threads", str(threads), "--save", save],
                             capture_output=True, text=True, check=True).stdout
        evaluations = json.load(open(save))["optimizerState"]["values"]["func_evals"]
    return json.loads(out)["seconds"], int(evaluations)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = torch.from_numpy(np.load(DATA)).double()
    x, y = data[:, :32].contiguous(), data[:, 32].contiguous()
    print("1,000,000 × 32 f64, lbfgs() full batch, %d threads, torch %s" % (args.threads, torch.__version__))
    print("%-8s %-7s %12s %12s %16s" % ("side", "epochs", "evaluations", "seconds", "ms / evaluation"))
    for epochs in (1, 3):
        torch_run(x, y, epochs)  # warm-up
        runs = [torch_run(x, y, epochs) for _ in range(3)]
        seconds = statistics.median(r[0] for r in runs)
        evaluations = runs[0][1]
        print("%-8s %-7d %12d %12.3f %16.2f" % ("torch", epochs, evaluations, seconds, 1e3 * seconds / evaluations))
        seconds, ours = gradgen_run(epochs, args.threads)
        print("%-8s %-7d %12d %12.3f %16.2f" % ("gradgen", epochs, ours, seconds, 1e3 * seconds / ours))


if __name__ == "__main__":
    main()
