#!/usr/bin/env bash
# Parse throughput: Ferry's RdbParser vs redis-replicator 3.11.0 on a cached 1M-key Redis 7.0 RDB
# (generated into bench/target/mixed-1m.rdb on first use), then Ferry's parse alone under -Xmx256m.
#   bench/run-parse.sh [iterations] [warmup]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
iterations="${1:-5}"
warmup="${2:-2}"
"$bench/build.sh"
cd "$bench"
cp="target/classes:target/lib/*"
echo "== all parsers, alternated, -Xmx2g"
java -Xmx2g -cp "$cp" dev.ferry.bench.ParseBench target "$iterations" "$warmup" ferry,replicator,replicator-dump
echo
echo "== Ferry only, -Xmx256m"
java -Xmx256m -cp "$cp" dev.ferry.bench.ParseBench target "$iterations" "$warmup" ferry
