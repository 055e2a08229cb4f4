#!/usr/bin/env bash
# Live replication at parallelism 1: redis-benchmark writes SETs of 100-byte values (pipelined) into a Redis 7.0.15
# source that 'bin/ferry run' ([sync_reader], checkpoints every 1 s, FERRY_JAVA_OPTS=-Xmx512m) replicates into an
# empty Redis 7.0.15; then the same redis-benchmark straight into the target. Needs redis-benchmark on PATH
# (apt-get install -y redis-tools).
#   bench/run-live.sh [rounds] [loads: redis-benchmark options per load, ';'-separated]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-1}"
loads="${2:--c 4 -P 16 -n 2000000;-c 1 -P 1 -n 300000}"
command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found: apt-get install -y redis-tools" >&2; exit 1; }
"$bench/build.sh"
cd "$bench"
java -Xmx256m -cp "target/classes:target/lib/*" dev.ferry.bench.LiveBench target .. "$rounds" "-Xmx512m" "$loads"
