#!/usr/bin/env python3
"""The figures LbfgsTest (runtime/src/test/.../train/LbfgsTest.java) checks, from torch.optim.LBFGS
itself: the chained Rosenbrock function, its gradient written by hand in Python floats (the test's
closure computes the same expressions in Java, so the optimizer alone is compared, to the bit),
from given starting points, under several settings. Prints one line a case and step:

    case step n_iter func_evals orig_loss params...

Run with Debian's python3-torch (1.13, CPU, float64):  /usr/bin/python3 samples/pytorch/lbfgs_figures.py"""
import torch

def rosenbrock(x):
    """f = sum over i of (1 − x_i)² + 100·(x_{i+1} − x_i²)², and its gradient, in Python floats."""
    f = 0.0
    g = [0.0] * len(x)
    for i in range(len(x) - 1):
        a = 1 - x[i]
        b = x[i + 1] - x[i] * x[i]
        f += a * a + 100 * (b * b)
        g[i] += -2 * a - 400 * x[i] * b
        g[i + 1] += 200 * b
    return f, g

CASES = [
    # name, start, steps, LBFGS options
    ("plain", [-1.5, 2.0], 3, dict()),
    ("lr-half", [-1.5, 2.0], 2, dict(lr=0.5)),
    ("wolfe", [-1.5, 2.0], 3, dict(line_search_fn="strong_wolfe")),
    ("wolfe-4d", [-1.2, 1.0, -0.5, 0.8], 3, dict(line_search_fn="strong_wolfe")),
    ("history-2", [-1.2, 1.0, -0.5, 0.8], 4, dict(line_search_fn="strong_wolfe", history_size=2, max_iter=4)),
    ("history-1-plain", [-1.2, 1.0, -0.5, 0.8], 3, dict(history_size=1, max_iter=5, lr=0.1)),
    ("at-minimum", [1.0, 1.0], 2, dict()),
    ("max-eval", [-1.5, 2.0], 2, dict(max_eval=3)),
    ("max-iter", [-1.5, 2.0], 2, dict(max_iter=2)),
    ("tolerance-change", [-1.5, 2.0], 2, dict(tolerance_change=1e-2)),
    ("tolerance-grad", [-1.5, 2.0], 2, dict(tolerance_grad=1.0, line_search_fn="strong_wolfe")),
]

for name, start, steps, options in CASES:
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], **options)

    def closure():
        f, g = rosenbrock(p.detach().tolist())
        p.grad = torch.tensor(g, dtype=torch.float64)
        return f

    for step in range(1, steps + 1):
        loss = opt.step(closure)
        state = opt.state[p]
        print(name, step, state.get('n_iter', 0), state.get('func_evals', 0), repr(float(loss)),
              " ".join(repr(v) for v in p.detach().tolist()))
