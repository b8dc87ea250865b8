#!/usr/bin/env bash
# Runs a timed harness from bench/: ./bench/run.sh [HarnessClass] [args...]
# Default: InventoryRoundTripBench. Builds what it needs with the Maven wrapper first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && ./mvnw -q -B -DskipTests -pl bench -am package)
main="io.milink.bench.${1:-InventoryRoundTripBench}"
[ $# -gt 0 ] && shift
exec java -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")" "$main" "$@"
