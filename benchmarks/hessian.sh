#!/usr/bin/env bash
# Hessian-vector products against gradients (issue 22), from any directory:
#   benchmarks/hessian.sh            1 fork, 10 warm-up and 5 measured iterations of 1 s per case (the
#                                    tanh network's product needs the ten to be warm)
#   benchmarks/hessian.sh --quick    1 warm-up and 3 measured iterations of 0.3 s (noisy)
# Builds benchmarks/target/benchmarks.jar, writes the data if it is missing (as run.sh does), runs
# HessianVectorBench (both methods of every job in one JMH run, side by side) and prints the table
# of BENCHMARKS.md's "Hessian-vector products" section. Results stay in benchmarks/results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
results="$bench/results"
case "${1:-}" in
  --quick) jmh_opts=(-f 1 -wi 1 -w 300ms -i 3 -r 300ms) ;;
  "") jmh_opts=(-f 1 -wi 10 -w 1s -i 5 -r 1s) ;;
  *) echo "error: unknown option '$1' (expected --quick or nothing)" >&2; exit 2 ;;
esac
cd "$root"
echo "== building benchmarks/target/benchmarks.jar" >&2
mvn -B -q -pl benchmarks -am package -DskipTests
jar="$bench/target/benchmarks.jar"
mkdir -p "$results"
java -Dgradgen.bench.root="$bench" -cp "$jar" io.gradgen.bench.MakeData
echo "== JMH (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
# -jvmArgsAppend replaces the @Fork options, so they are given again (see run.sh).
java -Dgradgen.bench.root="$bench" -jar "$jar" "${jmh_opts[@]}" \
  -jvmArgsAppend "-Xms1g -Xmx6g --add-modules jdk.incubator.vector -Dgradgen.bench.root=$bench" \
  -rf json -rff "$results/hessian.json" 'io.gradgen.bench.HessianVectorBench' \
  | grep --line-buffered -E '^(# Parameters|Iteration|Benchmark|HessianVectorBench)' >&2 || true
[ -s "$results/hessian.json" ] || { echo "error: JMH wrote no results" >&2; exit 1; }
python3 "$bench/hessian_report.py" "$results/hessian.json" | tee "$results/hessian.md"
