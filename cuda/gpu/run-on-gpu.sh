#!/usr/bin/env bash
# The cuda backend's check on a GPU machine with the CUDA driver and PyTorch (CUDA) but no Java.
# Run from the repository root, after cuda/gpu/make-bundle.sh made cuda/gpu/bundle/ (carry it along):
#
#   cuda/gpu/run-on-gpu.sh [OUT_DIR]
#
# 1. the device, as nvidia-smi and the cuda backend see it;
# 2. grad on every sample with --backend java and --backend cuda: the worst relative difference of
#    loss and gradient (f64: expected within 1e-12, f32 within 1e-3), and cuda twice (the same bits?);
# 3. training make-regression (full batch, no shuffle: PyTorch can take the very same 30 steps) and
#    crop-yield with java and cuda, and make-regression with PyTorch on the GPU: params and loss;
# 4. a full-batch linear model on 100,000 x 32 float32 rows (.npy), 20 epochs: seconds of training
#    with java, cuda and PyTorch CUDA.
# Everything is printed; the JSON of every run is left in OUT_DIR (default: cuda/gpu/results).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/cuda/gpu"
java="$here/bundle/jre/bin/java"
jar="$here/bundle/gradgen.jar"
out="${1:-$here/results}"
mkdir -p "$out"
if [ ! -x "$java" ] || [ ! -f "$jar" ]; then
  echo "error: no bundle in $here/bundle; run cuda/gpu/make-bundle.sh on a machine with Java first" >&2
  exit 1
fi
gradgen() { "$java" -Djava.awt.headless=true -jar "$jar" "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2); }

echo "== device"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || echo "(no nvidia-smi)"
date -u +"date: %Y-%m-%d %H:%M UTC"
gradgen grad "$root/samples/cubic.model" --backend cuda --json > "$out/probe.json"
echo "gradgen --backend cuda on cubic: exit $? $(cat "$out/probe.json")"

echo "== grad: java against cuda on every sample, in the precision of its train block"
for model in "$root"/samples/*.model; do
  name="$(basename "$model" .model)"
  tolerance=1e-12
  grep -q 'precision *f32' "$model" && tolerance=1e-3
  gradgen grad "$model" --backend java --json > "$out/grad-$name-java.json" 2>"$out/grad-$name-java.err"
  gradgen grad "$model" --backend cuda --json > "$out/grad-$name-cuda.json" 2>"$out/grad-$name-cuda.err"
  gradgen grad "$model" --backend cuda --json > "$out/grad-$name-cuda2.json" 2>/dev/null
  python3 "$here/compare.py" grad "$name" "$tolerance" "$out/grad-$name-java.json" \
    "$out/grad-$name-cuda.json" "$out/grad-$name-cuda2.json" "$out/grad-$name-cuda.err"
done

echo "== train: java, cuda and PyTorch CUDA"
for name in make-regression crop-yield; do
  gradgen train "$root/samples/$name.model" --backend java --json --quiet > "$out/train-$name-java.json"
  gradgen train "$root/samples/$name.model" --backend cuda --json --quiet > "$out/train-$name-cuda.json"
  python3 "$here/compare.py" train "$name" 1e-9 "$out/train-$name-java.json" "$out/train-$name-cuda.json"
done
python3 "$here/torch_compare.py" make-regression "$root/samples/make-regression.csv" "$out/train-make-regression-cuda.json"

echo "== speed: full-batch linear model, 100,000 x 32 float32, 20 epochs of SGD"
python3 "$here/torch_compare.py" make-wide "$out/wide.npy" "$out/Wide.model"
for backend in java cuda; do
  gradgen train "$out/Wide.model" --backend "$backend" --json --quiet > "$out/train-wide-$backend.json"
done
python3 "$here/torch_compare.py" wide "$out/wide.npy" "$out/train-wide-java.json" "$out/train-wide-cuda.json"
