"""Checks that MXNet 1.9.1 loads an export of dssm-graph and computes what dssm-graph computes.

Usage: python mxnet_runs_our_export.py PREFIX OURS.json
PREFIX-symbol.json / PREFIX-0000.params come from `dssm-graph export` (or `optimize -o`), OURS.json
from `dssm-graph run --format json` on the example's batch-2 inputs. Exits 1 on a mismatch.
"""
import json
import sys

import mxnet as mx
import numpy as np

prefix, ours_path = sys.argv[1], sys.argv[2]
names = ["user", "query_text", "title", "image"]
text = np.array([[10, 20, 0, 0, 0], [40, 50, 0, 0, 0]], np.float32)
feeds = {
    "user": np.array([[200], [100]], np.float32),
    "query_text": text,
    "title": text,
    "image": np.random.RandomState(7).uniform(0, 1, (2, 3, 224, 224)).astype(np.float32),
}
net = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", names, prefix + "-0000.params")
theirs = net(*[mx.nd.array(feeds[n]) for n in names]).asnumpy().ravel()
with open(ours_path) as f:
    ours = np.array(next(iter(json.load(f)["outputs"].values()))["data"], np.float32)
error = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-3)))
print(f"MXNet {theirs.tolist()}  dssm-graph {ours.tolist()}  max relative error {error:.2e}")
sys.exit(0 if error <= 1e-4 else 1)
