#!/usr/bin/env bash
# ferry verify in full mode on the cached 1M-key data set (source and target: two Redis 7.0.15 that loaded the same
# RDB), with a live [sync_reader] source in process, as a Flink job (--flink) at each parallelism, and with the RDB
# file as the source; then ferry run of the file into an empty Redis, for the migration's keys/s (FERRY_JAVA_OPTS=-Xmx1g).
#   bench/run-verify.sh [rounds] [parallelisms, e.g. 1,2]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-1}"
parallelisms="${2:-1,2}"
"$bench/build.sh"
cd "$bench"
java -Xmx1g -cp "target/classes:target/lib/*" dev.ferry.bench.VerifyBench target .. "$rounds" "-Xmx1g" "$parallelisms"
