#!/usr/bin/env bash
# Builds the start-up archive the ./drover launcher uses (run by admin-cli's package phase; never fails the build):
# a training run of `drover counts` records the classes it loads, linked and parsed, into
#   JDK 25+:   <jar>.aot  (AOT cache, JEP 483/514: -XX:AOTCacheOutput)
#   JDK 21-24: <jar>.jsa  (dynamic CDS archive: -XX:ArchiveClassesAtExit)
# and <jar>.archive names its kind and the JDK build it is valid for (an archive only works on that exact build).
# The training run needs a Redis to record the whole command (connection, replies, table output): a cut of about a
# third of `drover counts`' start-up against a run that only fails to connect. It uses, in order:
#   $DROVER_TRAIN_REDIS (a URL; the run adds one job under the prefix drover-start-archive and obliterates it),
#   a private redis-server started here on 127.0.0.1 (the PATH's, else one of REDIS_BINARIES' for this machine),
#   or, with neither, a port where nothing listens (the archive then covers start-up and the connection code only).
# Usage: bin/build-start-archive.sh JAVA_HOME JAR [REDIS_BINARIES_DIR]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/jdk.sh"
jdk="$1" jar="$2" binaries="${3:-}"
java="$jdk/bin/java"
prefix=drover-start-archive
rm -f "$jar.aot" "$jar.jsa" "$jar.archive"
major=$(java_major "$java")
# the launcher's own flags: an archive is used only under the flags it was made with
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

redis_pid="" redis_url=""
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null; }
trap cleanup EXIT

# a redis-server for this machine: the PATH's, else an embedded-redis binary built for this OS and CPU
redis_binary() {
  local arch candidate
  if command -v redis-server >/dev/null 2>&1; then command -v redis-server; return 0; fi
  [ -n "$binaries" ] && [ "$(uname -s)" = Linux ] || return 1
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) return 1 ;; esac
  for candidate in "$binaries"/redis-server-*-linux-"$arch"; do
    [ -f "$candidate" ] && chmod +x "$candidate" && printf '%s\n' "$candidate" && return 0
  done
  return 1
}

# pings 127.0.0.1:$1 over bash's /dev/tcp; true once a Redis answers PONG
redis_answers() {
  local reply
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 1 reply <&3
  exec 3<&-
  [ "${reply%$'\r'}" = "+PONG" ]
}

# starts a private Redis on a free port (a few random tries); sets redis_pid and redis_url (no subshell: the EXIT
# trap must see the pid)
start_redis() {
  local binary port try wait
  binary=$(redis_binary) || return 1
  for try in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    redis_answers "$port" && continue # taken by another server
    "$binary" --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null 2>&1 &
    redis_pid=$!
    for wait in $(seq 1 50); do
      kill -0 "$redis_pid" 2>/dev/null || break # could not bind: try another port
      if redis_answers "$port"; then redis_url="redis://127.0.0.1:$port"; return 0; fi
      sleep 0.1
    done
    kill "$redis_pid" 2>/dev/null
    redis_pid=""
  done
  return 1
}

drover() { "$java" "${flags[@]}" -jar "$jar" --prefix "$prefix" "$@" >/dev/null 2>&1; }

if [ -n "${DROVER_TRAIN_REDIS:-}" ]; then
  train="$DROVER_TRAIN_REDIS" source="$DROVER_TRAIN_REDIS"
elif start_redis; then
  train="$redis_url" source="a private redis-server"
else
  train="redis://127.0.0.1:1" source="no Redis (a closed port)"
fi
[ "$source" = "no Redis (a closed port)" ] || drover --redis "$train" add training '{}' || true

if [ "${major:-0}" -ge 25 ]; then
  kind=aot archive="$jar.aot"
  "$java" "${flags[@]}" -XX:AOTCacheOutput="$archive" -jar "$jar" --prefix "$prefix" counts training \
    --redis "$train" >/dev/null 2>&1
elif [ "${major:-0}" -ge 21 ]; then
  kind=jsa archive="$jar.jsa"
  "$java" "${flags[@]}" -XX:ArchiveClassesAtExit="$archive" -jar "$jar" --prefix "$prefix" counts training \
    --redis "$train" >/dev/null 2>&1
else
  echo "[start-archive] JDK $major: no archive" >&2
  exit 0
fi
[ "$source" = "no Redis (a closed port)" ] || drover --redis "$train" obliterate training --yes || true

if [ -s "$archive" ]; then
  printf '%s %s\n' "$kind" "$(jdk_identity "$jdk")" > "$jar.archive"
  echo "[start-archive] $archive for $(jdk_identity "$jdk"), trained against $source"
else
  echo "[start-archive] $java could not write $archive; ./drover starts without it" >&2
fi
exit 0
