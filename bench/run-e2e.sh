#!/usr/bin/env bash
# End to end: the cached 1M-key RDB into an empty Redis 7.0.15 with 'bin/ferry run -c <generated toml>'
# (parallelism 1, FERRY_JAVA_OPTS=-Xmx512m), and the ceiling: the same RESTORE ... ABSTTL commands piped into an
# empty Redis 7.0.15 by 'redis-cli --pipe' (needs redis-cli on PATH: apt-get install -y redis-tools).
#   bench/run-e2e.sh [rounds]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-2}"
command -v redis-cli >/dev/null || { echo "redis-cli not found: apt-get install -y redis-tools" >&2; exit 1; }
"$bench/build.sh"
cd "$bench"
java -Xmx1g -cp "target/classes:target/lib/*" dev.ferry.bench.E2eBench target .. "$rounds" "-Xmx512m"
