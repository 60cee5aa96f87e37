#!/usr/bin/env bash
# The launcher check of docs/SPARK.md: every sample trained by ./gradgen with and without
# --spark 'local[2]' gives the same stdout and stderr (the seconds masked), the same --save file
# (params and optimizer state, every digit) and the same --history (but its seconds column).
# spark/check-samples.sh [NAME…]: only those samples (samples/NAME.model).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mask() { sed -E 's/[0-9]+(\.[0-9]+)? (s|ms)\b/T s/g'; }
failed=0
models=("$root"/samples/*.model)
[ $# -gt 0 ] && models=("${@/#/$root/samples/}") && models=("${models[@]/%/.model}")
for model in "${models[@]}"; do
  name="$(basename "$model" .model)"
  for run in local spark; do
    extra=()
    [ "$run" = spark ] && extra=(--spark 'local[2]')
    "$root/gradgen" train "$model" --quiet --save "$work/$name-$run.json" --history "$work/$name-$run.csv" \
      "${extra[@]+"${extra[@]}"}" >"$work/$name-$run.out" 2>"$work/$name-$run.err"
    echo $? >"$work/$name-$run.status"
  done
  same=yes
  cmp -s "$work/$name-local.status" "$work/$name-spark.status" || same="no (exit status)"
  diff -q <(mask <"$work/$name-local.out") <(mask <"$work/$name-spark.out") >/dev/null || same="no (stdout)"
  diff -q <(mask <"$work/$name-local.err") <(mask <"$work/$name-spark.err") >/dev/null || same="no (stderr)"
  cmp -s "$work/$name-local.json" "$work/$name-spark.json" || same="no (--save file)"
  # the history's columns: epoch, train loss, validation loss, lr, seconds, metrics…: all but seconds
  if [ -f "$work/$name-local.csv" ]; then
    seconds="$(head -1 "$work/$name-local.csv" | tr ',' '\n' | grep -n '^seconds$' | cut -d: -f1)"
    cut_cols() { if [ -n "$seconds" ]; then cut -d, -f"$seconds" --complement "$1"; else cat "$1"; fi; }
    diff -q <(cut_cols "$work/$name-local.csv") <(cut_cols "$work/$name-spark.csv") >/dev/null || same="no (--history)"
  fi
  echo "$name: $same (exit $(cat "$work/$name-local.status"))"
  [ "$same" = yes ] || failed=1
done
exit $failed
