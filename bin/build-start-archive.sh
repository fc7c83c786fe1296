#!/usr/bin/env bash
# Builds the start-up archive the ./drover launcher uses (run by admin-cli's package phase; never fails the build):
# a training run of `drover counts` (against a port where nothing listens, so no Redis is needed; it still loads
# the CLI, the connection code and Jedis) records the classes it loads, linked and parsed, into
#   JDK 25+:   <jar>.aot  (AOT cache, JEP 483/514: -XX:AOTCacheOutput)
#   JDK 21-24: <jar>.jsa  (dynamic CDS archive: -XX:ArchiveClassesAtExit)
# and <jar>.archive names its kind and the JDK build it is valid for (an archive only works on that exact build).
# A training run that reaches a real Redis records more (the reply and output code): run the script by hand with
# DROVER_TRAIN_REDIS=redis://host:port (any Redis: the run only reads, looking for a queue named "training").
# Usage: bin/build-start-archive.sh JAVA_HOME JAR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/jdk.sh"
jdk="$1" jar="$2"
java="$jdk/bin/java"
rm -f "$jar.aot" "$jar.jsa" "$jar.archive"
major=$(java_major "$java")
# the launcher's own flags: an archive is used only under the flags it was made with
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
train="${DROVER_TRAIN_REDIS:-redis://127.0.0.1:1}"
if [ "${major:-0}" -ge 25 ]; then
  kind=aot archive="$jar.aot"
  "$java" "${flags[@]}" -XX:AOTCacheOutput="$archive" -jar "$jar" counts training --redis "$train" \
    >/dev/null 2>&1
elif [ "${major:-0}" -ge 21 ]; then
  kind=jsa archive="$jar.jsa"
  "$java" "${flags[@]}" -XX:ArchiveClassesAtExit="$archive" -jar "$jar" counts training --redis "$train" \
    >/dev/null 2>&1
else
  echo "[start-archive] JDK $major: no archive" >&2
  exit 0
fi
if [ -s "$archive" ]; then
  printf '%s %s\n' "$kind" "$(jdk_identity "$jdk")" > "$jar.archive"
  echo "[start-archive] $archive for $(jdk_identity "$jdk")"
else
  echo "[start-archive] $java could not write $archive; ./drover starts without it" >&2
fi
exit 0
