#!/usr/bin/env python3
"""Chainrule's training defaults against scikit-learn's MLPClassifier defaults, on the same splits.

For each data set and seed, the rows are split 60/20/20 (stratified, scikit-learn's
train_test_split with that seed) into training, development and test CSV files. Then:

- Chainrule: `java -jar samples/target/chainrule.jar train train.csv --dev dev.csv --test test.csv
  --label L --seed S`: the train command's defaults, which are the library's: one hidden layer of
  100 ReLU units, softmax cross-entropy, inputs standardised on the training part,
  TrainerConfig.builder().build() (Adam 1e-3, batch 32, at most 200 epochs, early stopping on the
  development part with patience 10 and a 0.1% relative threshold, best weights restored).
- scikit-learn: StandardScaler fitted on the training part, MLPClassifier(random_state=S) with
  every other parameter at its default (hidden_layer_sizes=(100,), relu, adam, learning rate 1e-3,
  batch min(200, n), max_iter 200, alpha 1e-4, early_stopping False: it never sees the
  development part), fitted on the training part.

Both are scored on the test part. Run from the repository root after `mvn -B -q package
-DskipTests -pl samples -am`, with Debian's scikit-learn (apt-get install python3-sklearn):

    /usr/bin/python3 docs/defaults/compare.py [--seeds 30] > docs/defaults/compare-output.txt

CHAINRULE_CMD replaces `java -jar samples/target/chainrule.jar` (for example with a class path);
CHAINRULE_ARGS adds options to the train command (to try other settings); --only NAME runs one data set.
"""
import argparse
import csv
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

DATA = "samples/src/main/resources/data"
# file, label column
DATASETS = [
    ("iris.csv", "label"),
    ("wine.csv", "cultivar"),
    ("breast-cancer.csv", "diagnosis"),
    ("digits.csv", "label"),
]


def read(path, label):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    col = header.index(label)
    return header, rows, col


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def split(rows, col, seed):
    y = [r[col] for r in rows]
    idx = np.arange(len(rows))
    train, rest = train_test_split(idx, train_size=0.6, stratify=y, random_state=seed)
    dev, test = train_test_split(rest, train_size=0.5, stratify=[y[i] for i in rest], random_state=seed)
    return train, dev, test


def xy(rows, col, indices):
    x = np.array([[float(v) for j, v in enumerate(rows[i]) if j != col] for i in indices])
    y = np.array([rows[i][col] for i in indices])
    return x, y


def chainrule(cmd, tmp, header, rows, col, parts, label, seed):
    names = ("train.csv", "dev.csv", "test.csv")
    for name, part in zip(names, parts):
        write(os.path.join(tmp, name), header, [rows[i] for i in part])
    args = cmd + ["train", os.path.join(tmp, "train.csv"), "--dev", os.path.join(tmp, "dev.csv"),
                  "--test", os.path.join(tmp, "test.csv"), "--label", label, "--seed", str(seed),
                  "--out", os.path.join(tmp, "out"), "--no-progress"] + shlex.split(os.environ.get("CHAINRULE_ARGS", ""))
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("chainrule failed: " + " ".join(args) + "\n" + run.stdout + run.stderr)
    accuracy = float(re.search(r"test accuracy ([0-9.]+)", run.stdout).group(1))
    epochs = re.search(r"stopped early after epoch (\d+)", run.stdout)
    return accuracy, int(epochs.group(1)) if epochs else 200


def sklearn(rows, col, parts, seed):
    x_train, y_train = xy(rows, col, parts[0])
    x_test, y_test = xy(rows, col, parts[2])
    scaler = StandardScaler().fit(x_train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = MLPClassifier(random_state=seed).fit(scaler.transform(x_train), y_train)
    return mlp.score(scaler.transform(x_test), y_test), mlp.n_iter_


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--only", help="one data set, for example iris.csv")
    args = parser.parse_args()
    cmd = shlex.split(os.environ.get("CHAINRULE_CMD", "java -jar samples/target/chainrule.jar"))
    print("Chainrule train command defaults vs scikit-learn MLPClassifier defaults; 60/20/20 stratified splits,"
          f" seeds 1..{args.seeds}; test accuracy, mean over the seeds (min..max)")
    print()
    print(f"{'data set':<18} {'rows':>5} {'test':>5}  {'Chainrule':>24}  {'scikit-learn':>24}  {'difference':>10}")
    total = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, label in DATASETS:
            if args.only and name != args.only:
                continue
            header, rows, col = read(os.path.join(DATA, name), label)
            ours, theirs, our_epochs, their_epochs = [], [], [], []
            start = time.time()
            for seed in range(1, args.seeds + 1):
                parts = split(rows, col, seed)
                a, e = chainrule(cmd, tmp, header, rows, col, parts, label, seed)
                ours.append(a)
                our_epochs.append(e)
                a, e = sklearn(rows, col, parts, seed)
                theirs.append(a)
                their_epochs.append(e)
            diff = 100 * (np.mean(ours) - np.mean(theirs))
            total.append(diff)
            print(f"{name:<18} {len(rows):>5} {len(parts[2]):>5}  "
                  f"{np.mean(ours):.4f} ({min(ours):.4f}..{max(ours):.4f})  "
                  f"{np.mean(theirs):.4f} ({min(theirs):.4f}..{max(theirs):.4f})  {diff:>+8.2f} pt",
                  flush=True)
            print(f"{'':<30}epochs: Chainrule {np.mean(our_epochs):.0f} (early stopping),"
                  f" scikit-learn {np.mean(their_epochs):.0f} iterations; {time.time() - start:.0f} s", flush=True)
    print()
    print("difference = Chainrule minus scikit-learn, in accuracy points (1 point = 0.01)")


if __name__ == "__main__":
    main()
