#!/usr/bin/env bash
# The scan source against the RDB-file source: a Redis 7.0.15 loaded with the cached 1M-key RDB, migrated into a
# fresh empty Redis 7.0.15 by 'bin/ferry run' with [rdb_reader] (the file) and with [scan_reader] at each SCAN COUNT
# (parallelism 1, FERRY_JAVA_OPTS=-Xmx512m).
#   bench/run-scan.sh [rounds] [counts, e.g. 1000,100]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-1}"
counts="${2:-1000,100}"
"$bench/build.sh"
cd "$bench"
java -Xmx1g -cp "target/classes:target/lib/*" dev.ferry.bench.ScanBench target .. "$rounds" "-Xmx512m" "$counts"
