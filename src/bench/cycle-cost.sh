#!/usr/bin/env bash
# The CPU time and context switches one /bin/true cycle (with "seq" as second argument: the seq 1 20000 cycle, its
# output read) costs: raw ProcessBuilder, and a whole scope by default,
# without the cgroup layer and with pre-spawned launchers. For each, perf stat of a run of N cycles minus that of a
# run of none (the JVM's start and the warm-up cancel out), counting the JVM and every process it started (the child,
# jspawnhelper, the watchdog, launcher shells). Three rounds, variants interleaved. Needs perf.
#   ./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
#       -Dmdep.includeScope=test && src/bench/cycle-cost.sh [N] [seq]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-2000}
cycle=${2:-}
cp="target/test-classes:target/classes:$(cat target/bench.cp)"
stat() { # prints "<cpu ms> <context switches>" of one run
  perf stat -x, -e task-clock,context-switches -o target/cycle-cost.perf \
    java -cp "$cp" dev.childproof.internal.junit.CycleCost "$@" > /dev/null
  awk -F, '/task-clock/ {t = $1} /context-switches/ {c = $1} END {print t, c}' target/cycle-cost.perf
}
printf '%-16s %-6s %14s %22s\n' variant round "CPU per cycle" "switches per cycle"
for round in 1 2 3; do
  for variant in raw scope "scope cgroup-off" "scope prespawn"; do
    read -r kind option <<< "$variant"
    read -r cpu0 cs0 <<< "$(stat "$kind" 0 ${option:-} $cycle)"
    read -r cpu1 cs1 <<< "$(stat "$kind" "$n" ${option:-} $cycle)"
    awk -v v="$variant" -v r="$round" -v n="$n" -v a="$cpu0" -v b="$cpu1" -v c="$cs0" -v d="$cs1" \
      'BEGIN {printf "%-16s %-6s %11.2f ms %22.1f\n", v, r, (b - a) / n, (d - c) / n}'
  done
done
