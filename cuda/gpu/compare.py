#!/usr/bin/env python3
"""Compares gradgen --json outputs of two backends; prints one line a comparison.

compare.py grad NAME TOLERANCE JAVA.json CUDA.json CUDA2.json CUDA.err
compare.py train NAME TOLERANCE JAVA.json CUDA.json
"""
import json
import math
import sys


def flat(value):
    if isinstance(value, list):
        return [x for item in value for x in flat(item)]
    if isinstance(value, dict):
        return [x for key in value for x in flat(value[key])]
    return [math.nan if value is None else float(value)]


def load(path):
    try:
        with open(path) as f:
            text = f.read().strip()
        return json.loads(text) if text else None
    except (OSError, ValueError):
        return None


def worst(a, b):
    scale = max([abs(x) for x in a if math.isfinite(x)] + [0.0]) * 1e-3
    rel = 0.0
    for x, y in zip(a, b):
        if x == y or (math.isnan(x) and math.isnan(y)):
            continue
        rel = max(rel, abs(x - y) / max(abs(x), abs(y), scale, 1e-300))
    return rel


def main():
    kind, name, tolerance = sys.argv[1], sys.argv[2], float(sys.argv[3])
    java, cuda = load(sys.argv[4]), load(sys.argv[5])
    if java is None or cuda is None:
        err = ""
        if kind == "grad" and len(sys.argv) > 7:
            try:
                err = open(sys.argv[7]).read().strip().splitlines()[-1]
            except (OSError, IndexError):
                err = ""
        print(f"{kind} {name}: FAILED (java {'ok' if java else 'no output'}, cuda {'ok' if cuda else 'no output'}) {err}")
        return
    if kind == "grad":
        a = [float(java["loss"])] + flat(java["gradient"])
        b = [float(cuda["loss"])] + flat(cuda["gradient"])
        again = load(sys.argv[6])
        same = again is not None and json.dumps(again, sort_keys=True) == json.dumps(cuda, sort_keys=True)
        rel = worst(a, b)
        verdict = "ok" if rel <= tolerance else "DIFFERS"
        print(f"grad {name}: loss java {a[0]!r} cuda {b[0]!r}; worst relative difference {rel:.3g} "
              f"(tolerance {tolerance:g}) {verdict}; cuda twice: {'same bits' if same else 'DIFFERENT'}")
    else:
        a = flat(java["params"])
        b = flat(cuda["params"])
        rel = worst(a, b)
        print(f"train {name}: loss java {java['loss']!r} cuda {cuda['loss']!r}; params worst relative difference "
              f"{rel:.3g} ({'ok' if rel <= tolerance else 'DIFFERS'} at {tolerance:g}); seconds java {java['seconds']:.3f} "
              f"cuda {cuda['seconds']:.3f}; stopped {java['stopped']}/{cuda['stopped']}")


if __name__ == "__main__":
    main()
