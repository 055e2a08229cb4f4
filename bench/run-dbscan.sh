#!/usr/bin/env bash
# The cluster start check's RDB scan (which dbs hold keys) on the cached 1M-key Redis 7.0 RDB.
#   bench/run-dbscan.sh [iterations] [warmup]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$bench/build.sh"
cd "$bench"
java -Xmx256m -cp "target/classes:target/lib/*" dev.ferry.bench.DbScanBench target "${1:-5}" "${2:-2}"
