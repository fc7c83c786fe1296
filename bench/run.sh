#!/usr/bin/env bash
# Drover vs BullMQ benchmark: builds the bench module (and what it needs), installs the pinned bullmq if needed,
# then runs dev.drover.bench.BenchMain from the repository root. Options: see docs/benchmarks.md or --help.
#   ./bench/run.sh                      full run (defaults sized for < 10 min on 2 cores)
#   ./bench/run.sh --scale 0.1 --latency-seconds 5 --repeats 1     smoke run
#   ./bench/run.sh --shards             scale-out (3-master Cluster vs one node) and WAIT cost instead
#   BENCH_SKIP_BUILD=1 ./bench/run.sh   reuse the last build
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh

if ! JAVA_HOME=$(find_jdk); then
  echo "error: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/* and the PATH)" >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

MAIN=dev.drover.bench.BenchMain
if [ "${1:-}" = "--shards" ]; then MAIN=dev.drover.bench.ShardBench; shift; fi
if [ "${1:-}" = "--help" ]; then set -- --bad-option-for-usage; fi
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "[bench] building (./mvnw -q ${MVN_OFFLINE:+-o }-pl bench -am package -DskipTests)"
  ./mvnw -q ${MVN_OFFLINE:+-o} -pl bench -am package -DskipTests
fi
[ -f test-fixtures/src/main/node/bullmq6/node_modules/bullmq/package.json ] \
  || node test-fixtures/src/main/node/driver/install.js test-fixtures/src/main/node/bullmq6

exec "$JAVA_HOME/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.root="$PWD" \
  -cp "bench/target/classes:bench/target/lib/*" "$MAIN" "$@"
