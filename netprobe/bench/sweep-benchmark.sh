#!/usr/bin/env bash
# Issue 5's benchmark: sweep 1,001 loopback ports that drop SYNs and 1,001 that refuse, and print the wall times next
# to one connect timeout and to the same sweep one port at a time. Loopback only; needs no root.
# Usage: netprobe/bench/sweep-benchmark.sh [PORTS=1001] [TIMEOUT_MS=1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -pl netprobe -am test-compile
cp_file=netprobe/target/bench.classpath
./mvnw -q -pl netprobe dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -cp "netprobe/target/test-classes:netprobe/target/classes:core/target/classes:$(cat "$cp_file")" \
    io.milink.netprobe.bench.SweepBenchmark "${1:-1001}" "${2:-1000}"
