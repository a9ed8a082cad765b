"""The benchmark protocol's workloads P1-P4 in PyTorch, on one thread; prints examples/s.

Run with OPENBLAS_NUM_THREADS=1 (Debian's torch multiplies in the system BLAS, whose pool
torch.set_num_threads does not control). Debian's python3-torch is built against the generic
libblas.so.3, so which BLAS it runs is the system's choice: the reference libblas3 (about 2
GFLOP/s, not what the protocol compares with) unless libopenblas0-pthread is installed. The BLAS
library actually loaded is recorded as "blas" and printed. Each figure is the median of 3 runs;
only the training (or inference) loop is timed.

    OPENBLAS_NUM_THREADS=1 python3 protocol.py --data ../../shared/data [--quick] [--json out.json]
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import torch
from torch import nn

RUNS = 3


def load_digits(data_dir):
    rows = np.loadtxt(os.path.join(data_dir, "digits.csv"), delimiter=",", skiprows=1)
    split = np.loadtxt(os.path.join(os.path.dirname(os.path.abspath(data_dir)), "digits-split.txt"), dtype=np.int64)
    x = torch.tensor(rows[:, 1:] / 16.0, dtype=torch.float32)
    y = torch.tensor(rows[:, 0], dtype=torch.int64)
    train, test = split[:1437], split[1437:]
    return x[train], y[train], x[test], y[test]


def synthetic_mnist(n=20000, features=784, classes=10):
    rng = np.random.RandomState(784)
    m = rng.standard_normal((features, classes))
    x = rng.random_sample((n, features)).astype(np.float32)
    y = np.argmax(x @ m, axis=1)
    return torch.tensor(x), torch.tensor(y, dtype=torch.int64)


def mlp(inputs, hidden, outputs, activation, seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(inputs, hidden), activation(), nn.Linear(hidden, outputs))


def train(x, y, hidden, lr, batch, epochs, seed, limit=None):
    """Plain SGD, mean gradient of each batch, shuffled each epoch; returns (model, examples/s)."""
    model = mlp(x.shape[1], hidden, 10, nn.ReLU, seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    n = x.shape[0] if limit is None else limit
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(x.shape[0], generator=generator)[:n]
        for i in range(0, n, batch):
            index = order[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[index]), y[index]).backward()
            optimizer.step()
    elapsed = time.perf_counter() - start
    return model, n * epochs / elapsed


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def tiny_inference(calls, seed):
    """P4: ns per example of the 4-8(tanh)-3 forward pass, one example per call."""
    model = mlp(4, 8, 3, nn.Tanh, seed)
    inputs = torch.rand(1024, 1, 4, generator=torch.Generator().manual_seed(seed)) * 2 - 1
    with torch.no_grad():
        for i in range(2000):
            model(inputs[i & 1023])
        start = time.perf_counter()
        for i in range(calls):
            model(inputs[i & 1023])
        return (time.perf_counter() - start) / calls * 1e9


def median_of_runs(run):
    results = [run(seed) for seed in range(RUNS)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def loaded_blas():
    """The BLAS shared libraries mapped into this process (after torch has multiplied once)."""
    torch.ones(2, 2) @ torch.ones(2, 2)
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if "blas" in name or "mkl" in name:
                    found.add(os.path.realpath(path))
    except OSError:
        return "unknown (no /proc/self/maps)"
    return ", ".join(sorted(found)) or "none found"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="directory holding digits.csv")
    parser.add_argument("--quick", action="store_true", help="fewer epochs and calls")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    quick = args.quick

    xtr, ytr, xte, yte = load_digits(args.data)
    figures = {"torch": torch.__version__, "threads": torch.get_num_threads(), "quick": quick,
               "blas": loaded_blas()}
    print("torch", torch.__version__, "on", figures["threads"], "thread(s); BLAS:", figures["blas"])
    if "openblas" not in figures["blas"] and "mkl" not in figures["blas"]:
        print("warning: torch is not multiplying with OpenBLAS or MKL; P3's batched figures are not the "
              "protocol's (apt-get install libopenblas0-pthread)")

    def digits(lr, batch, epochs):
        def run(seed):
            model, rate = train(xtr, ytr, 32, lr, batch, epochs, seed)
            return rate, accuracy(model, xte, yte)
        return run

    figures["P1"] = dict(zip(("examples_per_s", "accuracy"), median_of_runs(digits(0.05, 1, 2 if quick else 20))))
    figures["P2"] = dict(zip(("examples_per_s", "accuracy"), median_of_runs(digits(0.1, 32, 5 if quick else 50))))

    xm, ym = synthetic_mnist()
    for batch, key in ((1, "P3b1"), (32, "P3b32")):
        limit = (2048 if batch == 1 else 8192) if quick else None
        rate = median_of_runs(lambda seed: (train(xm, ym, 128, 0.05, batch, 1 if quick else 2, seed, limit)[1], 0))[0]
        figures[key] = {"examples_per_s": rate}

    calls = 20000 if quick else 200000
    figures["P4"] = {"ns_per_example": median_of_runs(lambda seed: (tiny_inference(calls, seed), 0))[0]}

    for key in ("P1", "P2", "P3b1", "P3b32", "P4"):
        print(key, ", ".join("%s %.4g" % kv for kv in figures[key].items()))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
