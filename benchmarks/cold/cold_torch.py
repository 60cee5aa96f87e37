"""One cold PyTorch run of a benchmark job, as a user makes it: a fresh process that imports torch,
loads the data file, builds the model, trains it and computes the final loss over all rows (as
gradgen's `loss:` line does). Prints one JSON line on stdout: those seconds, each epoch's seconds
and the final loss (the driver times the whole command from outside).

    /usr/bin/python3 benchmarks/cold/cold_torch.py JOB DATA_FILE EPOCHS [--threads N]

The jobs are gradgen's (benchmarks/models/*.model): the same model, optimizer, learning rate,
batch and data; crop yields shuffles each epoch, as its `shuffle` does; f32 jobs train in float32,
the others in float64, as gradgen's models say.
"""
import json
import sys
import time

START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

# job: features, outputs, batch (0 = full), learning rate, dtype
JOBS = {
    "crop-yield": (3, 2, 3, 1e-5, torch.float64),
    "linear-full": (32, 1, 0, 0.1, torch.float32),
    "linear-256": (32, 1, 256, 0.01, torch.float32),
    "tanh-net": (32, 1, 1000, 1e-3, torch.float64),
}


def load(path, features, outputs, dtype):
    if path.endswith(".csv"):
        # crop-yield.csv: Region,Temperature,Rainfall,Humidity,Mangoes,Oranges
        table = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, 1 + features + outputs))
    else:
        table = np.load(path)
    values = torch.from_numpy(table).to(dtype)
    return values[:, :features].contiguous(), values[:, features:features + outputs].contiguous()


def main():
    job, data, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 2
    torch.set_num_threads(threads)
    features, outputs, batch, lr, dtype = JOBS[job]
    x, y = load(data, features, outputs, dtype)
    torch.manual_seed(0)
    if job == "tanh-net":
        model = nn.Sequential(nn.Linear(32, 64), nn.Tanh(), nn.Linear(64, 1)).to(dtype)
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        model = nn.Linear(features, outputs).to(dtype)
        if job != "crop-yield":
            with torch.no_grad():
                model.weight.zero_()
                model.bias.zero_()
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    rows = x.shape[0]
    step = rows if batch == 0 else batch
    generator = torch.Generator().manual_seed(7)
    loop = time.perf_counter()
    ends = []
    for _ in range(epochs):
        if job == "crop-yield":
            order = torch.randperm(rows, generator=generator)
            xs, ys = x[order], y[order]
        else:
            xs, ys = x, y
        for lo in range(0, rows, step):
            optimizer.zero_grad(set_to_none=True)
            loss = F.mse_loss(model(xs[lo:lo + step]), ys[lo:lo + step])
            loss.backward()
            optimizer.step()
        ends.append(time.perf_counter())
    # What gradgen prints as `loss:`, and counts in its seconds: the mean loss over all training
    # rows with the final parameters, one pass without gradients.
    with torch.no_grad():
        final = F.mse_loss(model(x), y)
    seconds = time.perf_counter() - loop
    epoch_seconds = [b - a for a, b in zip([loop] + ends[:-1], ends)]
    print(json.dumps({"seconds": seconds, "epochs": epoch_seconds, "sinceStart": ends[-1] - START,
                      "loss": float(final)}))


if __name__ == "__main__":
    main()
