#!/usr/bin/env bash
# Makes cuda/gpu/bundle/ (git ignores it) on a machine with Java 17 and Maven: the CLI's one-file jar
# (which carries the cuda backend and JCuda's driver natives) and a jlink'd Java runtime of the
# modules it uses (about 51 MB), so that run-on-gpu.sh runs on a GPU machine that has no Java.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bundle="$root/cuda/gpu/bundle"
(cd "$root" && mvn -B -q -o -DskipTests -pl cli -am package)
rm -rf "$bundle"
mkdir -p "$bundle"
# The modules jdeps --print-module-deps names for the jar, and what JCuda and Jackson reach reflectively.
jlink --add-modules java.base,java.compiler,java.desktop,java.sql,java.logging,java.management,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"
cp "$root/cli/target/gradgen-cli-0.1.0-SNAPSHOT-all.jar" "$bundle/gradgen.jar"
du -sh "$bundle/jre" "$bundle/gradgen.jar"
