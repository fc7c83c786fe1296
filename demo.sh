#!/usr/bin/env bash
# The one-command demo: builds what it needs, then runs the whole Drover cluster on embedded Redis and Postgres with
# local simulators of the external APIs (see README, Quick start). Arguments go to the demo: --keep-running,
# --size=full|small, --timeout=SECONDS. Needs only a JDK 21+ (found like .ci/run does).
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh

if ! JAVA_HOME=$(find_jdk); then
  echo "error: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/* and the PATH); install one and retry" >&2
  exit 1
fi
export JAVA_HOME

echo "==> building the demo and the daemons (JDK at $JAVA_HOME)"
# Node is not needed for the demo: skip installing the bullmq packages of the interop tests
./mvnw -q -B -pl demo -am package -DskipTests -Ddrover.skipNpm=true

exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp "demo/target/classes:$(cat demo/target/demo.classpath)" dev.drover.demo.DemoMain "$@"
