#!/usr/bin/env python3
"""Chainrule networks in PyTorch: the same forward pass, the same state_dict keys.

A Chainrule network is described by its architecture string (Model.architecture(), stored in a
safetensors file's __metadata__ as "chainrule.architecture"), for example

    4-16:relu-3:identity softmax_cross_entropy float
    4-8:tanh-8:leaky_relu+1-6:softplus+2p-3:identity sigmoid_cross_entropy double

ChainruleNet(architecture) is the matching torch.nn.Module. Layer l (1-based) is the nn.Linear
registered as child str(2 * (l - 1)), its activation the child str(2 * (l - 1) + 1), and a
projected skip connection the bias-free nn.Linear proj[str(2 * (l - 1))]. A network without
residual layers therefore has exactly the keys of
nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)): 0.weight, 0.bias, 2.weight, 2.bias.

Commands (run with an interpreter that has torch and numpy, e.g. Debian's /usr/bin/python3 after
apt-get install python3-torch python3-numpy):

    chainrule_torch.py predict MODEL.safetensors|MODEL.npz ROWS.csv [--architecture A]
        load the file with load_state_dict(strict=True) and print one line per row: the class
        (the value, for regression) and the outputs, as Chainrule's `predict -P` does
    chainrule_torch.py train ARCHITECTURE DATA.csv OUT.safetensors [--classes a,b,c] [--target COL]
        train the network in PyTorch on a CSV (a 'label' column for classification) and write it
        as safetensors (and OUT.npz), with the scaler and class names in the metadata
    chainrule_torch.py fixtures DIR
        the test fixtures: networks trained in PyTorch (safetensors, .npz, float16, bfloat16) with
        PyTorch's predictions, and PyTorch's predictions for every Chainrule export chainrule_*
        found in DIR (see fixtures/README.md)

The safetensors format is written and read here by hand (8-byte little-endian header length, a
JSON header, raw little-endian tensors), so the script needs only torch and numpy.
"""

import argparse
import csv
import json
import math
import os
import platform
import struct
import sys

import numpy as np
import torch
from torch import nn

ACTIVATIONS = {
    "identity": nn.Identity,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "softplus": nn.Softplus,
}
LOSSES = ("softmax_cross_entropy", "multiclass_hinge", "sigmoid_cross_entropy", "mean_squared_error")


class LayerSpec:
    def __init__(self, units, activation, skip, projected):
        self.units, self.activation, self.skip, self.projected = units, activation, skip, projected


def parse_architecture(text):
    """(inputs, [LayerSpec], loss, precision) of an architecture string."""
    layers_text, loss, precision = text.split(" ")
    if loss not in LOSSES or precision not in ("float", "double"):
        raise ValueError("not an architecture string: " + text)
    parts = layers_text.split("-")
    inputs = int(parts[0])
    layers = []
    for part in parts[1:]:
        count = 1
        if "*" in part:
            part, count = part.split("*")
            count = int(count)
        units, rest = part.split(":")
        skip, projected = 0, False
        if "+" in rest:
            rest, skip_text = rest.split("+")
            projected = skip_text.endswith("p")
            skip = int(skip_text.rstrip("p"))
        if rest not in ACTIVATIONS:
            raise ValueError("unknown activation " + rest)
        layers.extend(LayerSpec(int(units), rest, skip, projected) for _ in range(count))
    return inputs, layers, loss, precision


class ChainruleNet(nn.Module):
    """h_l = a_l(W_l h_(l-1) + b_l), or with a skip: alpha * a_l(...) + h_(l-skip) (or P_l h_(l-skip)).

    alpha = 1 / sqrt(R) for the R residual layers of the network. forward() returns the last
    layer's values (logits, scores or regression values); predict() applies the output head.
    """

    def __init__(self, architecture):
        super().__init__()
        self.architecture = architecture
        inputs, self.specs, self.loss, precision = parse_architecture(architecture)
        residual = sum(1 for s in self.specs if s.skip)
        self.alpha = 1.0 / math.sqrt(max(1, residual))
        self.proj = nn.ModuleDict()
        widths = [inputs]
        for k, s in enumerate(self.specs):
            self.add_module(str(2 * k), nn.Linear(widths[-1], s.units))
            self.add_module(str(2 * k + 1), ACTIVATIONS[s.activation]())
            if s.skip and s.projected:
                self.proj[str(2 * k)] = nn.Linear(widths[k + 1 - s.skip], s.units, bias=False)
            elif s.skip and widths[k + 1 - s.skip] != s.units:
                raise ValueError("layer %d adds a layer of another width without a projection" % (k + 1))
            widths.append(s.units)
        if precision == "double":
            self.double()

    def forward(self, x):
        h = [x]
        for k, s in enumerate(self.specs):
            a = self._modules[str(2 * k + 1)](self._modules[str(2 * k)](h[-1]))
            if s.skip:
                source = h[k + 1 - s.skip]
                a = self.alpha * a + (self.proj[str(2 * k)](source) if s.projected else source)
            h.append(a)
        return h[-1]

    def predict(self, x):
        """The outputs Chainrule's predict returns: probabilities (softmax, sigmoid), scores, values."""
        s = self.forward(x)
        if self.loss == "softmax_cross_entropy":
            return torch.softmax(s, dim=1)
        if self.loss == "sigmoid_cross_entropy":
            return torch.sigmoid(s)
        return s


def sequential(architecture):
    """The nn.Sequential of a network without residual layers (the same state_dict keys)."""
    inputs, specs, _, precision = parse_architecture(architecture)
    if any(s.skip for s in specs):
        raise ValueError("residual layers need ChainruleNet")
    modules, width = [], inputs
    for k, s in enumerate(specs):
        modules.append(nn.Linear(width, s.units))
        if k < len(specs) - 1 or s.activation != "identity":
            modules.append(ACTIVATIONS[s.activation]())
        width = s.units
    net = nn.Sequential(*modules)
    return net.double() if precision == "double" else net


# ---- safetensors, by hand -------------------------------------------------------------------

DTYPES = {torch.float64: ("F64", "<f8"), torch.float32: ("F32", "<f4"), torch.float16: ("F16", "<f2"),
          torch.bfloat16: ("BF16", "<i2")}
FROM_NAME = {name: (dtype, np_type) for dtype, (name, np_type) in DTYPES.items()}


def save_safetensors(path, tensors, metadata):
    """Writes {name: tensor} as safetensors, ordered like safetensors.torch.save_file orders them."""
    order = sorted(tensors, key=lambda n: (-tensors[n].element_size(), n))
    header = {"__metadata__": dict(metadata)} if metadata else {}
    blobs, offset = [], 0
    for name in order:
        t = tensors[name].detach().contiguous().cpu()
        dtype_name, np_type = DTYPES[t.dtype]
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().astype(np_type).tobytes()
        header[name] = {"dtype": dtype_name, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def load_safetensors(path):
    """({name: tensor}, metadata) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        dtype, np_type = FROM_NAME[info["dtype"]]
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[base + begin:base + end], dtype=np_type).reshape(info["shape"]).copy()
        t = torch.from_numpy(array)
        tensors[name] = t.view(torch.bfloat16) if dtype == torch.bfloat16 else t
    return tensors, metadata


def load_model(path, architecture=None):
    """A ChainruleNet with the parameters of a .safetensors or .npz file, by load_state_dict(strict=True)."""
    if path.endswith(".npz"):
        with np.load(path) as npz:
            tensors = {name: torch.from_numpy(npz[name]) for name in npz.files}
        metadata = {}
    else:
        tensors, metadata = load_safetensors(path)
    architecture = architecture or metadata.get("chainrule.architecture")
    if architecture is None:
        raise SystemExit(path + ": no chainrule.architecture in the metadata; pass --architecture")
    net = ChainruleNet(architecture)
    dtype = torch.float64 if architecture.endswith("double") else torch.float32
    net.load_state_dict({k: v.to(dtype) for k, v in tensors.items()}, strict=True)
    return net, metadata


def scale_rows(rows, metadata):
    """The inputs as the model expects them: (x - center) / scale in float64, with the metadata's scaler."""
    if "chainrule.scaler" not in metadata:
        return rows
    center = np.array(json.loads(metadata["chainrule.scaler.center"]), dtype=np.float64)
    scale = np.array(json.loads(metadata["chainrule.scaler.scale"]), dtype=np.float64)
    return (rows - center) / scale


def read_rows(path, skip=("label",)):
    """Rows of features from a CSV (a header is allowed; its columns named in skip are left out)."""
    with open(path, newline="") as f:
        lines = [line for line in csv.reader(f) if line and any(field.strip() for field in line)]
    keep = list(range(len(lines[0])))
    try:
        float(lines[0][0])
    except ValueError:
        keep = [c for c, name in enumerate(lines[0]) if name.strip() not in skip]
        lines = lines[1:]
    return np.array([[float(line[c]) for c in keep] for line in lines], dtype=np.float64)


# ---- commands -------------------------------------------------------------------------------

def command_predict(args):
    net, metadata = load_model(args.model, args.architecture)
    dtype = torch.float64 if net.architecture.endswith("double") else torch.float32
    x = torch.from_numpy(scale_rows(read_rows(args.rows), metadata)).to(dtype)
    with torch.no_grad():
        out = net.predict(x).numpy()
    classes = json.loads(metadata.get("chainrule.classes", "[]"))
    for row in out:
        if net.loss == "mean_squared_error":
            print("%.4f" % row[0])
            continue
        if net.loss == "sigmoid_cross_entropy" and len(row) == 1:
            c = int(row[0] > 0.5)
        else:
            c = int(np.argmax(row))
        name = classes[c] if c < len(classes) else str(c)
        print(name + "".join(" %.4f" % v for v in row))


def standardize(train):
    """FeatureScaler.standardize: mean and population standard deviation (1 for a constant feature)."""
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std[std == 0] = 1
    return mean, std


def train_network(architecture, features, labels, epochs, seed, learning_rate=0.01):
    """Trains ChainruleNet(architecture) with Adam on full batches; returns the network."""
    torch.manual_seed(seed)
    net = ChainruleNet(architecture)
    dtype = torch.float64 if architecture.endswith("double") else torch.float32
    x = torch.from_numpy(features).to(dtype)
    optimizer = torch.optim.Adam(net.parameters(), lr=learning_rate)
    for _ in range(epochs):
        optimizer.zero_grad()
        s = net(x)
        if net.loss == "mean_squared_error":
            loss = nn.functional.mse_loss(s, torch.from_numpy(labels).to(dtype).reshape(s.shape))
        elif net.loss == "sigmoid_cross_entropy":
            y = torch.from_numpy(labels)
            target = nn.functional.one_hot(y, s.shape[1]).to(dtype) if s.shape[1] > 1 else y.to(dtype).reshape(-1, 1)
            loss = nn.functional.binary_cross_entropy_with_logits(s, target)
        elif net.loss == "multiclass_hinge":
            loss = nn.functional.multi_margin_loss(s, torch.from_numpy(labels))
        else:
            loss = nn.functional.cross_entropy(s, torch.from_numpy(labels))
        loss.backward()
        optimizer.step()
    return net


def metadata_for(net, mean, std, classes):
    m = {"chainrule.architecture": net.architecture, "format": "pt"}
    if classes:
        m["chainrule.classes"] = json.dumps(classes)
    m["chainrule.scaler"] = "standard"
    m["chainrule.scaler.center"] = json.dumps([float(v) for v in mean])
    m["chainrule.scaler.scale"] = json.dumps([float(v) for v in std])
    return m


def read_table(path, target):
    """(features, labels or targets) of a CSV with a header: 'label' for classes, or the target column."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = [h.strip() for h in rows[0]], [r for r in rows[1:] if r]
    if target:
        t = header.index(target)
        skip = {t, header.index("label")} if "label" in header else {t}
        x = [[float(r[c]) for c in range(len(header)) if c not in skip] for r in rows]
        return np.array(x, dtype=np.float64), np.array([float(r[t]) for r in rows], dtype=np.float64)
    y = header.index("label")
    x = [[float(r[c]) for c in range(len(header)) if c != y] for r in rows]
    return np.array(x, dtype=np.float64), np.array([int(r[y]) for r in rows], dtype=np.int64)


def command_train(args):
    features, labels = read_table(args.data, args.target)
    mean, std = standardize(features)
    net = train_network(args.architecture, (features - mean) / std, labels, args.epochs, args.seed)
    classes = args.classes.split(",") if args.classes else []
    save_safetensors(args.out, net.state_dict(), metadata_for(net, mean, std, classes))
    np.savez(os.path.splitext(args.out)[0] + ".npz", **{k: v.numpy() for k, v in net.state_dict().items()})
    print("trained %s in PyTorch %s for %d epochs; wrote %s and %s" % (
        args.architecture, torch.__version__, args.epochs, args.out, os.path.splitext(args.out)[0] + ".npz"))


# The networks trained in PyTorch for the fixtures: name -> (architecture, target column or None, classes)
TORCH_NETWORKS = {
    "iris_mlp": ("4-16:relu-3:identity softmax_cross_entropy float", None,
                 ["setosa", "versicolor", "virginica"]),
    "iris_residual": ("4-8:tanh-8:leaky_relu+1-6:softplus+2p-6:sigmoid+4p-3:identity sigmoid_cross_entropy double",
                      None, ["setosa", "versicolor", "virginica"]),
    "iris_regression": ("3-16:tanh-16:tanh+1-16:relu+1-1:identity mean_squared_error float", "petal_width_cm", []),
}


def command_fixtures(args):
    out = args.dir
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    data = args.data
    for name, (architecture, target, classes) in TORCH_NETWORKS.items():
        features, labels = read_table(data, target)
        mean, std = standardize(features)
        dtype = torch.float64 if architecture.endswith("double") else torch.float32
        scaled = (features - mean) / std
        net = train_network(architecture, scaled, labels, epochs=300, seed=42)
        x = torch.from_numpy(scaled).to(dtype)
        # the inputs exactly as the model sees them: scaled in float64, then rounded to its precision
        np.save(os.path.join(out, name + "-inputs.npy"), x.numpy())
        state = net.state_dict()
        metadata = metadata_for(net, mean, std, classes)
        save_safetensors(os.path.join(out, name + ".safetensors"), state, metadata)
        np.savez(os.path.join(out, name + ".npz"), **{k: v.numpy() for k, v in state.items()})
        with torch.no_grad():
            np.save(os.path.join(out, name + "-expected.npy"), net.predict(x).numpy())
        if name == "iris_mlp":
            # the same weights rounded to float16 and bfloat16, and PyTorch's predictions with them
            for suffix, low in (("f16", torch.float16), ("bf16", torch.bfloat16)):
                rounded = {k: v.to(low) for k, v in state.items()}
                save_safetensors(os.path.join(out, "%s-%s.safetensors" % (name, suffix)), rounded, metadata)
                twin = ChainruleNet(architecture)
                twin.load_state_dict({k: v.to(dtype) for k, v in rounded.items()}, strict=True)
                with torch.no_grad():
                    np.save(os.path.join(out, "%s-%s-expected.npy" % (name, suffix)), twin.predict(x).numpy())
    # Chainrule -> PyTorch: every export Chainrule wrote into the folder, loaded with load_state_dict
    for file in sorted(os.listdir(out)):
        if not (file.startswith("chainrule_") and file.endswith(".safetensors")):
            continue
        stem = file[:-len(".safetensors")]
        net, _ = load_model(os.path.join(out, file))
        npz_net, _ = load_model(os.path.join(out, stem + ".npz"), net.architecture)
        x = torch.from_numpy(np.load(os.path.join(out, stem + "-inputs.npy")))
        with torch.no_grad():
            predicted = net.predict(x).numpy()
            if not np.array_equal(predicted, npz_net.predict(x).numpy()):
                raise SystemExit(stem + ": the .npz and .safetensors exports predict differently in PyTorch")
        np.save(os.path.join(out, stem + "-torch.npy"), predicted)
    with open(os.path.join(out, "VERSIONS.txt"), "w") as f:
        f.write("written by interop/pytorch/chainrule_torch.py fixtures\n")
        f.write("python %s (%s)\n" % (platform.python_version(), sys.executable))
        f.write("torch %s\nnumpy %s\n" % (torch.__version__, np.__version__))
        f.write("platform %s\n" % platform.platform())


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    default_data = os.path.join(here, "..", "..", "samples", "src", "main", "resources", "data", "iris.csv")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("predict", help="predict the rows of a CSV with a .safetensors or .npz file")
    p.add_argument("model")
    p.add_argument("rows")
    p.add_argument("--architecture", help="the architecture string (needed for .npz)")
    p.set_defaults(run=command_predict)
    t = commands.add_parser("train", help="train a network in PyTorch and write it as safetensors and .npz")
    t.add_argument("architecture")
    t.add_argument("data")
    t.add_argument("out")
    t.add_argument("--classes", help="class names, comma-separated")
    t.add_argument("--target", help="the target column, for regression")
    t.add_argument("--epochs", type=int, default=300)
    t.add_argument("--seed", type=int, default=42)
    t.set_defaults(run=command_train)
    f = commands.add_parser("fixtures", help="write the test fixtures into DIR")
    f.add_argument("dir")
    f.add_argument("--data", default=default_data, help="the iris CSV (default: the samples' copy)")
    f.set_defaults(run=command_fixtures)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
