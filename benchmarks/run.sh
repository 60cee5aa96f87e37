#!/usr/bin/env bash
# The whole benchmark suite in one command, from any directory:
#   benchmarks/run.sh            full run (about 15 minutes on 2 cores): f32/f64, 1 and 2 threads
#   benchmarks/run.sh --quick    smoke run (a few minutes): 1 thread, short iterations
# Builds benchmarks/target/benchmarks.jar, writes the data (benchmarks/data/, kept between runs),
# runs JMH (JSON in benchmarks/results/), runs the PyTorch side, prints the tables with a verdict
# per target and rewrites the tables section of benchmarks/BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
results="$bench/results"
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "error: unknown option '$1' (expected --quick or nothing)" >&2; exit 2 ;;
esac
cd "$root"
echo "== building benchmarks/target/benchmarks.jar" >&2
mvn -B -q -pl benchmarks -am package -DskipTests
jar="$bench/target/benchmarks.jar"
mkdir -p "$results"
echo "== data" >&2
java -Dgradgen.bench.root="$bench" -cp "$jar" io.gradgen.bench.MakeData

{
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $( [ $quick = 1 ] && echo 'benchmarks/run.sh --quick' || echo 'benchmarks/run.sh')"
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|L2|L3|CPU max MHz)' | sed 's/  */ /g'
  free -g | awk '/^Mem:/ {print "Memory: " $2 " GiB total, " $7 " GiB available"}'
  java -version 2>&1 | head -2
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/machine.md"

if [ $quick = 1 ]; then
  jmh_opts=(-f 1 -wi 1 -w 300ms -i 3 -r 300ms -p threads=1)
  torch_opts=(--quick --threads 1)
  label="smoke run (benchmarks/run.sh --quick: 1 thread, 1 warm-up and 3 measured iterations, noisy)"
else
  jmh_opts=(-f 1 -wi 5 -w 1s -i 5 -r 1s)
  torch_opts=()
  label="full run (benchmarks/run.sh: 1 fork, 5 warm-up and 5 measured iterations of ≥ 1 s; PyTorch 2 warm-up runs, median of 5)"
fi
echo "== JMH" >&2
rm -f "$results/jmh.json" "$results/torch.json"
# -jvmArgsAppend replaces the @Fork annotations' JVM options, so they are all given again here:
# the heap, the Vector API module of the SIMD kernels, and where the models and data are.
java -Dgradgen.bench.root="$bench" -jar "$jar" "${jmh_opts[@]}" \
  -jvmArgsAppend "-Xms1g -Xmx6g --add-modules jdk.incubator.vector -Dgradgen.bench.root=$bench" \
  -rf json -rff "$results/jmh.json" -e HessianVectorBench 'io.gradgen.bench.*' | grep --line-buffered -E '^(# Parameters|# Benchmark:|Iteration|Benchmark|[A-Z][A-Za-z]+Bench)' >&2 || true
[ -s "$results/jmh.json" ] || { echo "error: JMH wrote no results" >&2; exit 1; }
echo "== PyTorch" >&2
"$bench/pytorch/run.sh" "$bench/data" "$results/torch.json" "${torch_opts[@]}" \
  && /usr/bin/python3 -c 'import torch; print("PyTorch", torch.__version__, "(Debian python3-torch), /usr/bin/python3")' >> "$results/machine.md" \
  || echo "warning: the PyTorch side failed; the tables leave it out" >&2
echo "== tables" >&2
python3 "$bench/report.py" --jmh "$results/jmh.json" --torch "$results/torch.json" --machine "$results/machine.md" \
  --label "$label" --update "$bench/BENCHMARKS.md" | tee "$results/tables.md"
