#!/usr/bin/env bash
# Shared by run-parse.sh and run-e2e.sh: installs Ferry from this worktree into ~/.m2 and builds the bench
# module (bench/target/classes + bench/target/lib). FERRY_BENCH_SKIP_INSTALL=1 skips the install.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${FERRY_BENCH_SKIP_INSTALL:-0}" != 1 ]; then
  (cd "$bench/.." && mvn -q -B -DskipTests install)
fi
(cd "$bench" && mvn -q -B -DskipTests package)
