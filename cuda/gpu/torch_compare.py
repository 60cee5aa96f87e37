#!/usr/bin/env python3
"""PyTorch (CUDA) side of run-on-gpu.sh: the same training as gradgen, on the same data.

torch_compare.py make-regression CSV CUDA.json   30 full-batch SGD steps (lr 0.1) of w*x+b, MSE, f64
torch_compare.py make-wide NPY MODEL             writes 100,000 x 33 float32 rows and the model training on them
torch_compare.py wide NPY JAVA.json CUDA.json    20 full-batch SGD steps (lr 0.1) of w@x+b, MSE, f32; seconds
"""
import json
import sys
import time

import numpy as np

try:
    import torch
except ImportError:  # the figures of the gradgen runs still print
    torch = None

WIDE_ROWS, WIDE_FEATURES, WIDE_EPOCHS = 100_000, 32, 20

WIDE_MODEL = """// Written by cuda/gpu/torch_compare.py: a full-batch linear model on 100,000 x 32 float32 rows.
model Wide
data "wide.npy"
input x[32]
target y
param w[32] = 0
param b = 0
output yhat = w @ x + b
loss mse(yhat, y)
train {
  optimizer sgd(lr = 0.1)
  batch full
  epochs 20
  precision f32
}
"""


def device():
    if torch is None:
        print("torch: not installed, no PyTorch figures")
        return None
    if not torch.cuda.is_available():
        print("torch: no CUDA device, no PyTorch figures")
        return None
    return torch.device("cuda")


def train(x, y, steps, lr, dtype, dev):
    x = torch.tensor(x, dtype=dtype, device=dev)
    y = torch.tensor(y, dtype=dtype, device=dev)
    w = torch.zeros(x.shape[1], dtype=dtype, device=dev, requires_grad=True)
    b = torch.zeros((), dtype=dtype, device=dev, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=lr)
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(x @ w + b, y)
        loss.backward()
        opt.step()
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        final = torch.nn.functional.mse_loss(x @ w + b, y).item()
    return w.detach().cpu().numpy(), b.item(), final, seconds


def make_regression(csv, cuda_json):
    dev = device()
    if dev is None:
        return
    data = np.loadtxt(csv, delimiter=",", skiprows=1)
    w, b, loss, seconds = train(data[:, :1], data[:, 1], 30, 0.1, torch.float64, dev)
    try:
        with open(cuda_json) as f:
            cuda = json.load(f)
    except (OSError, ValueError):
        cuda = None
    line = f"torch make-regression (cuda, f64): w {w[0]!r} b {b!r} loss {loss!r} seconds {seconds:.3f}"
    if cuda is not None:
        dw = abs(cuda["params"]["w"] - w[0]) / max(abs(w[0]), 1e-300)
        db = abs(cuda["params"]["b"] - b) / max(abs(b), 1e-300)
        line += f"; gradgen cuda w {cuda['params']['w']!r} b {cuda['params']['b']!r}: relative {max(dw, db):.3g}"
    print(line)


def make_wide(npy, model):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((WIDE_ROWS, WIDE_FEATURES), dtype=np.float32)
    truth = rng.standard_normal(WIDE_FEATURES).astype(np.float32)
    y = x @ truth + np.float32(0.5) + np.float32(0.1) * rng.standard_normal(WIDE_ROWS, dtype=np.float32)
    np.save(npy, np.concatenate([x, y[:, None]], axis=1).astype(np.float32))
    with open(model, "w") as f:
        f.write(WIDE_MODEL)


def wide(npy, java_json, cuda_json):
    figures = []
    for name, path in (("java", java_json), ("cuda", cuda_json)):
        try:
            with open(path) as f:
                run = json.load(f)
            figures.append(f"gradgen {name} {run['seconds']:.3f} s (loss {run['loss']:.6g})")
        except (OSError, ValueError, KeyError):
            figures.append(f"gradgen {name} FAILED")
    dev = device()
    if dev is not None:
        data = np.load(npy)
        _, _, loss, seconds = train(data[:, :WIDE_FEATURES], data[:, WIDE_FEATURES], WIDE_EPOCHS, 0.1,
                                    torch.float32, dev)
        figures.append(f"torch cuda {seconds:.3f} s (loss {loss:.6g})")
    print(f"wide {WIDE_ROWS} x {WIDE_FEATURES} f32, {WIDE_EPOCHS} full-batch steps: " + "; ".join(figures))


if __name__ == "__main__":
    {"make-regression": make_regression, "make-wide": make_wide, "wide": wide}[sys.argv[1]](*sys.argv[2:])
