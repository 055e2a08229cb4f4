#!/usr/bin/env bash
# Shared by run-parse.sh and run-e2e.sh: installs Ferry from this worktree into ~/.m2 and builds the bench
# module (bench/target/classes + bench/target/lib). FERRY_BENCH_SKIP_INSTALL=1 skips the install.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${FERRY_BENCH_SKIP_INSTALL:-0}" != 1 ]; then
  (cd "$bench/.." && mvn -q -B -DskipTests install)
fi
(cd "$bench" && mvn -q -B -DskipTests package)
# The first bin/ferry run after a build saves a class-data archive as it exits (see bin/ferry); do that here,
# untimed, so no measured run pays for it.
jar="$(ls "$bench"/../target/ferry-*.jar | grep -v -e original -e tests | head -n 1)"
if [ ! "$bench/../target/ferry-cds.jsa" -nt "$jar" ]; then
  "$bench/../bin/ferry" demo --keys 1000 >/dev/null
fi
