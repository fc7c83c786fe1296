# Sourced by the repository's scripts (.ci/run, demo.sh, drover, bench/run.sh): finds a JDK 21 or newer.
#   find_jdk [javac|java]   prints the home of the first JDK >= 21 that has that tool (default javac): $JAVA_HOME,
#                           then /usr/lib/jvm/* newest first, then the one on the PATH; returns 1 when none.
#   jdk_identity HOME       one line naming the JDK's exact build (what a class-data archive is valid for).

java_major() {
  # the JDK's release file answers without starting a JVM; ask the JVM only when there is none
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ] && grep -q '^JAVA_VERSION=' "$release"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
  fi
}

find_jdk() {
  local tool="${1:-javac}" candidate major on_path
  on_path="$(command -v "$tool" 2>/dev/null || true)"
  [ -n "$on_path" ] && on_path="$(dirname "$(dirname "$(readlink -f "$on_path")")")"
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) "$on_path"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/$tool" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "${candidate%/}"
      return 0
    fi
  done
  return 1
}

jdk_identity() {
  # what a CDS/AOT archive is bound to: the exact runtime build (release file), else the JVM's own words
  local release="$1/release"
  if [ -f "$release" ] && grep -q '^JAVA_RUNTIME_VERSION=' "$release"; then
    grep -E '^(IMPLEMENTOR|JAVA_RUNTIME_VERSION)=' "$release" | tr -d '"' | paste -sd ' ' -
  else
    "$1/bin/java" -version 2>&1 | tr -d '\n'
  fi
}
