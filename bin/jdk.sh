# Sourced by the repository's scripts (.ci/run, demo.sh, drover, bench/run.sh): finds a JDK 21 or newer.
#   find_jdk [javac|java]   prints the home of the first JDK >= 21 that has that tool (default javac): $JAVA_HOME,
#                           then /usr/lib/jvm/* newest first, then the one on the PATH; returns 1 when none.
#   jdk_identity HOME       one line naming the JDK's exact build (what a class-data archive is valid for).
# The common case (a JDK with a release file) runs no other program: ./drover sources this on every command, and on
# a small machine each fork costs a few milliseconds of a start-up budget of about 250.

# release_value HOME KEY: KEY's value in the JDK's release file, quotes removed; fails when there is none
release_value() {
  local line
  [ -f "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "${line%%=*}" = "$2" ]; then
      line="${line#*=}"
      line="${line#\"}"
      printf '%s\n' "${line%\"}"
      return 0
    fi
  done < "$1/release"
  return 1
}

java_major() {
  # the JDK's release file answers without starting a JVM; ask the JVM only when there is none
  local home version
  home="${1%/bin/java}"
  if version=$(release_value "$home" JAVA_VERSION); then
    version="${version#1.}" # 1.8.0_x names Java 8
    printf '%s\n' "${version%%[!0-9]*}"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
  fi
}

# jdk_candidate HOME TOOL: prints HOME when it has TOOL and is a JDK 21 or newer
jdk_candidate() {
  local major
  [ -n "$1" ] && [ -x "$1/bin/$2" ] || return 1
  major=$(java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ] || return 1
  printf '%s\n' "${1%/}"
}

find_jdk() {
  local tool="${1:-javac}" candidate on_path
  jdk_candidate "${JAVA_HOME:-}" "$tool" && return 0
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    jdk_candidate "$candidate" "$tool" && return 0
  done
  on_path="$(command -v "$tool" 2>/dev/null || true)"
  [ -n "$on_path" ] && on_path="$(dirname "$(dirname "$(readlink -f "$on_path")")")"
  jdk_candidate "$on_path" "$tool"
}

jdk_identity() {
  # what a CDS/AOT archive is bound to: the exact runtime build (release file), else the JVM's own words
  local implementor runtime
  if runtime=$(release_value "$1" JAVA_RUNTIME_VERSION); then
    implementor=$(release_value "$1" IMPLEMENTOR) || implementor=""
    printf 'IMPLEMENTOR=%s JAVA_RUNTIME_VERSION=%s\n' "$implementor" "$runtime"
  else
    "$1/bin/java" -version 2>&1 | tr -d '\n'
  fi
}
