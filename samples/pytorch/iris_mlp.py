#!/usr/bin/env python3
"""Train samples/iris-mlp.model with gradgen and the same network in PyTorch (f64, CPU), and print
the validation accuracy each reaches. Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 samples/pytorch/iris_mlp.py

The PyTorch side is what a PyTorch user writes for the model: nn.Linear(4, 16), ReLU,
nn.Linear(16, 3), CrossEntropyLoss(label_smoothing = 0.05), Adam(lr = 0.01, weight_decay = 1e-4),
batches of 16 from the first 80% of the rows (reshuffled each epoch), ReduceLROnPlateau(factor =
0.5, patience = 10) on the validation loss, and early stopping after 30 epochs without improvement,
restoring the best epoch's weights. It runs twice over:

- from gradgen's own initial parameters, so the two start at the same point (read with a one-epoch
  run at `sgd(lr = 1e-300)`, which leaves every weight's bits as they were and the zero biases
  within 1e-299 of 0); the batch order still differs (gradgen's shuffle is its own generator), so the
  runs are comparable, not identical;
- from PyTorch's default initialisation with seeds 0 to 4, to show the spread a user sees.

Exit status 1 if gradgen's validation accuracy is more than one validation row (1/30) below the
lowest of the PyTorch runs."""
import json, os, subprocess, sys, tempfile

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "samples", "iris-mlp.model")
CSV = os.path.join(ROOT, "samples", "iris.csv")
GRADGEN = os.path.join(ROOT, "gradgen")

EPOCHS, BATCH, SPLIT, PATIENCE = 200, 16, 0.8, 30


def read_csv():
    rows = [line.strip().split(",") for line in open(CSV) if line.strip()]
    body = rows[1:]
    x = torch.tensor([[float(v) for v in r[:4]] for r in body], dtype=torch.float64)
    k = torch.tensor([int(r[4]) for r in body], dtype=torch.long)
    n = round(SPLIT * len(body))
    return x[:n], k[:n], x[n:], k[n:]


def gradgen(*args):
    run = subprocess.run([GRADGEN, *args], capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        sys.exit("gradgen " + " ".join(args) + " failed:\n" + run.stderr)
    return run.stdout


def gradgen_initial_params():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "init.json")
        gradgen("train", MODEL, "--epochs", "1", "--optimizer", "sgd(lr = 1e-300)", "--no-stop", "--save", path,
                "--quiet")
        return json.load(open(path))["params"]


def network(initial=None, seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    first, second = torch.nn.Linear(4, 16).double(), torch.nn.Linear(16, 3).double()
    if initial is not None:
        with torch.no_grad():
            first.weight.copy_(torch.tensor(initial["W1"], dtype=torch.float64))
            first.bias.copy_(torch.tensor(initial["b1"], dtype=torch.float64))
            second.weight.copy_(torch.tensor(initial["W2"], dtype=torch.float64))
            second.bias.copy_(torch.tensor(initial["b2"], dtype=torch.float64))
    return torch.nn.Sequential(first, torch.nn.ReLU(), second)


def torch_run(net, shuffle_seed):
    xt, kt, xv, kv = read_csv()
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.05)
    opt = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=10)
    order = torch.Generator().manual_seed(shuffle_seed)
    best, best_epoch, best_state, waited = float("inf"), 0, None, 0
    for epoch in range(1, EPOCHS + 1):
        perm = torch.randperm(len(xt), generator=order)
        for start in range(0, len(xt), BATCH):
            rows = perm[start:start + BATCH]
            opt.zero_grad()
            loss_fn(net(xt[rows]), kt[rows]).backward()
            opt.step()
        with torch.no_grad():
            validation = loss_fn(net(xv), kv).item()
        sched.step(validation)
        if validation < best:
            best, best_epoch, waited = validation, epoch, 0
            best_state = {name: value.clone() for name, value in net.state_dict().items()}
        else:
            waited += 1
            if waited >= PATIENCE:
                break
    net.load_state_dict(best_state)
    with torch.no_grad():
        accuracy = (net(xv).argmax(dim=1) == kv).double().mean().item()
    return accuracy, best_epoch, best


def compare():
    """Prints gradgen's and PyTorch's validation accuracies; False if gradgen's is lower by more
    than one validation row than the lowest of the PyTorch runs."""
    report = json.loads(gradgen("train", MODEL, "--json"))
    gradgen_accuracy = report["validationMetrics"]["accuracy"]
    print(f"gradgen                      validation accuracy {gradgen_accuracy:.4f}"
          f"  (best epoch {report.get('bestEpoch')}, validation loss {report['validationLoss']:.6f})")
    accuracy, epoch, loss = torch_run(network(initial=gradgen_initial_params()), 3)
    print(f"pytorch, gradgen's init      validation accuracy {accuracy:.4f}"
          f"  (best epoch {epoch}, validation loss {loss:.6f})")
    lowest = accuracy
    for seed in range(5):
        accuracy, epoch, loss = torch_run(network(seed=seed), seed)
        lowest = min(lowest, accuracy)
        print(f"pytorch, default init, seed {seed} validation accuracy {accuracy:.4f}"
              f"  (best epoch {epoch}, validation loss {loss:.6f})")
    if gradgen_accuracy < lowest - 1 / 30 - 1e-12:
        print(f"gradgen's accuracy {gradgen_accuracy:.4f} is below PyTorch's lowest {lowest:.4f}")
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if compare() else 1)
