#!/usr/bin/env bash
# Issue 5's benchmark: sweep 5022 + 11000-11999 (1,001 ports) against a host whose firewall DROPs them and against a
# loopback address that refuses them, and print the wall times next to one connect timeout and to the same sweeps one
# port at a time.
#
# Needs root (network namespaces, nftables; installs the nftables package from Debian's registry when `nft` is
# missing). It builds two namespaces joined by a veth pair:
#   milink-bench-client-PID  198.18.0.1/30  runs the benchmark JVM; its loopback (nothing listens there) is the
#                                           refusing target
#   milink-bench-target-PID  198.18.0.2/30  the dropping host: nftables drops TCP to 5022 and 11000-11999 on input
# 198.18.0.0/15 is the range RFC 2544 reserves for benchmarks; both ends live in namespaces this script creates and
# deletes, so no packet leaves the machine. The namespaces are removed on exit, however the script ends.
#
# Usage: netprobe/bench/sweep-benchmark.sh [TIMEOUT_MS=3000] [SEQUENTIAL_SAMPLE=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout_ms="${1:-3000}"
sample="${2:-5}"

if [ "$(id -u)" -ne 0 ]; then
    echo "sweep-benchmark: needs root for network namespaces and nftables" >&2
    exit 2
fi
if ! command -v nft >/dev/null; then
    echo "sweep-benchmark: installing nftables (Debian package) for the DROP rule" >&2
    apt-get update -qq && apt-get install -y -qq nftables >/dev/null
fi

# One reactor run, so milink-core resolves to its target/classes (it is never installed into ~/.m2).
cp_file=netprobe/target/bench.classpath
./mvnw -q -B -pl netprobe -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" \
    -Dmdep.includeScope=test

client="milink-bench-client-$$"
target="milink-bench-target-$$"
cleanup() {
    ip netns del "$client" 2>/dev/null || true
    ip netns del "$target" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

ip netns add "$client"
ip netns add "$target"
# The veth pair is created straight inside the namespaces (deleting a namespace deletes its end, and the pair).
ip link add "mbc$$" netns "$client" type veth peer name "mbt$$" netns "$target"
ip -n "$client" addr add 198.18.0.1/30 dev "mbc$$"
ip -n "$target" addr add 198.18.0.2/30 dev "mbt$$"
for ns in "$client" "$target"; do
    ip -n "$ns" link set lo up
done
ip -n "$client" link set "mbc$$" up
ip -n "$target" link set "mbt$$" up
ip netns exec "$target" nft -f - <<'NFT'
table inet milink_bench {
    chain input {
        type filter hook input priority 0; policy accept;
        tcp dport { 5022, 11000-11999 } drop
    }
}
NFT

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(uname -sr); java: $(java -version 2>&1 | head -1)"
echo "dropping host 198.18.0.2 (namespace $target, nftables: tcp dport {5022, 11000-11999} drop);"
echo "refusing target 127.0.0.1 (loopback of namespace $client, where nothing listens)"
ip netns exec "$client" java \
    -cp "netprobe/target/test-classes:netprobe/target/classes:$(cat "$cp_file")" \
    io.milink.netprobe.bench.SweepBenchmark 198.18.0.2 127.0.0.1 "$timeout_ms" "$sample"
