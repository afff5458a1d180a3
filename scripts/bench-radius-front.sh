#!/usr/bin/env bash
# Runs the RADIUS front benchmark (gateway beside FreeRADIUS + sqlippool, docs/benchmarks.md) N times
# (default 5) on this machine, each in a fresh JVM with the flags the gateway runs with in service,
# and prints min / median / max of each goal over the runs. Run as root from the repository's root
# after `mvn -B -q install -DskipTests`; PostgreSQL must be up (scripts/test-postgres.sh).
#   scripts/bench-radius-front.sh [runs] [-Dbench.…=…]…
# Further arguments go to each run's Maven, e.g. -Dbench.churn=5000 for churn rows of 5,000 sessions
# (the default is 20,000; docs/benchmarks.md, eighteenth session, says why).
set -euo pipefail
runs="${1:-5}"
case "$runs" in ''|*[!0-9]*) echo "usage: $0 [runs] [-Dbench.name=value]..." >&2; exit 2 ;; esac
shift || true
for arg in "$@"; do
  case "$arg" in -Dbench.*=*) ;; *) echo "usage: $0 [runs] [-Dbench.name=value]...: not a benchmark setting: $arg" >&2; exit 2 ;; esac
done
cd "$(dirname "$0")/.."
out=gateway/target/benchmarks
mkdir -p "$out"
rm -f "$out/radius-front-runs.csv"
for i in $(seq 1 "$runs"); do
  echo "== run $i of $runs"
  mvn -B -q -o -pl gateway test -Pbenchmark -Dtest=RadiusFrontBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Xmx2g -XX:+UseG1GC" "$@" > "$out/radius-front-run-$i.log" 2>&1 \
    || { echo "run $i failed: see $out/radius-front-run-$i.log" >&2; exit 1; }
  cp "$out/radius-front.md" "$out/radius-front-run-$i.md"
  grep -E "^Gateway ÷|^Latency" "$out/radius-front.md"
done
sed -n '/^Over the/,$p' "$out/radius-front.md"
