#!/usr/bin/env bash
# [flink] delivery: at-least-once against exactly-once on a live Redis 7.0.15 source, per checkpoint interval:
# latency (source write to target read, 40 probes) and throughput (N pipelined INCRBY/LPUSH/HINCRBY until the last
# is on the target), each with a fresh source and target and 'bin/ferry run' (stopped by SIGTERM, as Ctrl-C).
#   bench/run-delivery.sh [commands=300000] [intervals=1s,10s]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
commands="${1:-300000}"
intervals="${2:-1s,10s}"
"$bench/build.sh"
cd "$bench"
java -Xmx1g -cp "target/classes:target/lib/*" dev.ferry.bench.DeliveryBench target .. "$commands" "$intervals" "-Xmx512m"
