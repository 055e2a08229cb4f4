#!/usr/bin/env bash
# The cached 1M-key RDB into a fresh 3-master Redis 7.0.15 cluster with 'bin/ferry run' at [flink] parallelism 1 and 2
# (FERRY_JAVA_OPTS=-Xmx512m), and the ceiling: the same RESTORE ... ABSTTL commands piped into one standalone Redis
# 7.0.15 by 'redis-cli --pipe' (needs redis-cli on PATH: apt-get install -y redis-tools).
#   bench/run-cluster.sh [rounds]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-1}"
command -v redis-cli >/dev/null || { echo "redis-cli not found: apt-get install -y redis-tools" >&2; exit 1; }
"$bench/build.sh"
cd "$bench"
java -Xmx1g -cp "target/classes:target/lib/*" dev.ferry.bench.ClusterBench target .. "$rounds" "-Xmx512m"
