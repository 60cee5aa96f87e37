#!/usr/bin/env python3
"""Issue 22's optimizers against PyTorch, for compare_with_pytorch.py (which calls compare()):
torch.optim.LBFGS on the crop yields (batch 3: one opt.step(closure) a batch, with and without
the strong-Wolfe line search, clipping inside the closure, a StepLR schedule setting the group's
lr) and on samples/logistic.model; Newton's method (θ ← θ − lr·H⁻¹g, the exact Hessian from
torch.autograd.functional.hessian) on samples/logistic.model and samples/linear-solve.model.
Each case prints the largest relative difference of the final parameters; all must be within
CURVATURE_TOLERANCE. L-BFGS's arithmetic is torch's (fused add_, dot products as fused chains), so
only the losses' and gradients' last bits (sums over rows) can differ; Newton solves by CG where
torch's reference solves directly, so they agree to rounding, not to the bit.

    /usr/bin/python3 samples/pytorch/curvature_cases.py"""
import json, os, subprocess, sys, tempfile

import torch

F = torch.nn.functional
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "samples")
CSV = os.path.join(SAMPLES, "crop-yield.csv")
CURVATURE_TOLERANCE = 1e-9
W0 = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.6]]
B0 = [0.7, -0.8]


def gradgen(model, *options):
    out = subprocess.run([os.path.join(ROOT, "gradgen"), "train", model, "--json", "--quiet", *options],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["params"]


def flat(params, names):
    out = []
    for name in names:
        value = params[name]
        while isinstance(value, list) and value and isinstance(value[0], list):
            value = [v for row in value for v in row]
        out += value if isinstance(value, list) else [value]
    return out


def crop():
    rows = [line.strip().split(",") for line in open(CSV) if line.strip()]
    cols = {name.strip('"'): i for i, name in enumerate(rows[0])}
    x = [[float(r[cols[c]]) for c in ("Temperature", "Rainfall", "Humidity")] for r in rows[1:]]
    y = [[float(r[cols[c]]) for c in ("Mangoes", "Oranges")] for r in rows[1:]]
    return torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)


# name, gradgen optimizer, torch LBFGS options, clip, StepLR (every, gamma) or None, epochs
CROP_CASES = [
    ("lbfgs", "lbfgs(lr = 0.5, max_iter = 5)", dict(lr=0.5, max_iter=5), None, None, 3),
    ("lbfgs-wolfe", "lbfgs(max_iter = 4, history = 3, line_search = strong_wolfe)",
     dict(max_iter=4, history_size=3, line_search_fn="strong_wolfe"), None, None, 3),
    ("lbfgs-clip-step", "lbfgs(lr = 0.5, max_iter = 3)", dict(lr=0.5, max_iter=3), 50.0, (1, 0.5), 3),
]


def torch_crop(options, clip, step, epochs):
    x, y = crop()
    w = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(B0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], **options)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=step[0], gamma=step[1]) if step else None
    for _ in range(epochs):
        for start in range(0, len(x), 3):
            xb, yb = x[start:start + 3], y[start:start + 3]

            def closure():
                opt.zero_grad()
                loss = F.mse_loss(xb @ w.T + b, yb)
                loss.backward()
                if clip is not None:
                    torch.nn.utils.clip_grad_norm_([w, b], clip)
                return loss

            opt.step(closure)
        if sched:
            sched.step()
    return w.detach().flatten().tolist() + b.detach().tolist()


def gradgen_crop(folder, name, optimizer, clip, step, epochs):
    model = os.path.join(folder, name + ".model")
    with open(model, "w") as f:
        f.write('model Crop\ndata "%s"\n' % CSV)
        f.write("input  x[3] <- Temperature, Rainfall, Humidity\ntarget y[2] <- Mangoes, Oranges\n")
        f.write("param w[2,3] = %s\nparam b[2] = %s\n" % (W0, B0))
        f.write("output yhat = w @ x + b\nloss mse(yhat, y)\n")
        f.write("train {\n  optimizer %s\n  batch 3\n  epochs %d\n" % (optimizer, epochs))
        if clip is not None:
            f.write("  clip %r\n" % clip)
        if step:
            f.write("  schedule step(%d, %r)\n" % step)
        f.write("}\n")
    return flat(gradgen(model), ["w", "b"])


def logistic_data():
    rows = [line.strip().split(",") for line in open(os.path.join(SAMPLES, "logistic.csv")) if line.strip()][1:]
    x = torch.tensor([[float(r[0]), float(r[1])] for r in rows], dtype=torch.float64)
    y = torch.tensor([float(r[2]) for r in rows], dtype=torch.float64)
    return x, y


def torch_logistic_lbfgs(epochs):
    x, y = logistic_data()
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(x @ w + b, y)
        loss.backward()
        return loss

    for _ in range(epochs):
        opt.step(closure)
    return w.detach().tolist() + [b.item()]


def torch_newton(loss, theta, steps):
    for _ in range(steps):
        t = theta.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(loss(t), t)
        theta = theta - torch.linalg.solve(torch.autograd.functional.hessian(loss, theta), g)
    return theta.tolist()


def linear_solve_loss():
    a = torch.tensor([[4.10, 0.42, -0.42, 0.02, 0.79], [0.79, 3.25, -0.59, -0.90, -0.12],
                      [-0.94, -0.09, 4.30, -0.44, 0.35], [0.18, -0.95, 0.12, 3.52, -0.17],
                      [-0.43, 0.39, -0.12, -0.69, 4.09]], dtype=torch.float64)
    b = torch.tensor([2.80, -1.94, -2.78, -1.12, 4.36], dtype=torch.float64)
    return lambda x: ((a @ x - b) ** 2).sum()


def compare():
    """Prints each case; True if all are within CURVATURE_TOLERANCE."""
    worst_all = 0.0
    x, y = logistic_data()
    logistic = os.path.join(SAMPLES, "logistic.model")
    with tempfile.TemporaryDirectory() as folder:
        cases = [(name, optimizer + ("  clip %g" % clip if clip else "") + ("  step%r" % (step,) if step else ""),
                  lambda n=name, o=optimizer, c=clip, s=step, e=epochs: gradgen_crop(folder, n, o, c, s, e),
                  lambda o=options, c=clip, s=step, e=epochs: torch_crop(o, c, s, e))
                 for name, optimizer, options, clip, step, epochs in CROP_CASES]
        cases += [
            ("logistic-lbfgs", "logistic.model, lbfgs(line_search = strong_wolfe), 2 epochs",
             lambda: flat(gradgen(logistic, "--optimizer", "lbfgs(line_search = strong_wolfe)", "--epochs", "2"),
                          ["w", "b"]),
             lambda: torch_logistic_lbfgs(2)),
            ("logistic-newton", "logistic.model, newton(), 8 epochs",
             lambda: flat(gradgen(logistic), ["w", "b"]),
             lambda: torch_newton(lambda t: F.binary_cross_entropy_with_logits(x @ t[:2] + t[2], y),
                                  torch.zeros(3, dtype=torch.float64), 8)),
            ("linear-newton", "linear-solve.model, newton(), 1 epoch",
             lambda: flat(gradgen(os.path.join(SAMPLES, "linear-solve.model"), "--optimizer", "newton",
                                  "--epochs", "1"), ["x"]),
             lambda: torch_newton(linear_solve_loss(), torch.zeros(5, dtype=torch.float64), 1)),
        ]
        for name, label, ours, theirs in cases:
            a, b = ours(), theirs()
            worst = max(abs(u - v) / max(abs(u), abs(v), 1e-300) for u, v in zip(a, b))
            worst_all = max(worst_all, worst)
            print("%-16s %-66s %.2e" % (name, label, worst))
    ok = worst_all <= CURVATURE_TOLERANCE
    print("lbfgs and newton: " + ("all within %g" % CURVATURE_TOLERANCE if ok
                                  else "DIFFERENT beyond %g" % CURVATURE_TOLERANCE))
    return ok


if __name__ == "__main__":
    sys.exit(0 if compare() else 1)
