#!/bin/sh
# PocketLinx launcher: builds the jar when it is missing or older than the sources, keeps a
# class-data-sharing archive next to it, and starts the JVM with flags chosen for start-up time.
set -e

# Only shell built-ins until the JVM starts: each command run here would cost a run time.
self=$0
if [ -L "$self" ]; then
  # Started through a link (say /usr/local/bin/plx): the jar lives beside the real script.
  self=$(readlink -f "$self")
fi
case "$self" in
  */*) here=${self%/*} ;;
  *) here=. ;;
esac
case "$here" in
  /*) ;;
  *) here="$PWD/$here" ;;
esac
jar="$here/target/plx.jar"
jsa="$here/target/plx.jsa"

stale() {
  [ -f "$jar" ] || return 0
  for source in "$here/pom.xml" "$here"/src/main/resources/* \
    "$here"/src/main/java/dev/pocketlinx/*.java "$here"/src/main/java/dev/pocketlinx/*/*.java \
    "$here"/src/main/java/dev/pocketlinx/*/*/*.java; do
    [ "$source" -nt "$jar" ] && return 0
  done
  return 1
}

# C1 only and no perf-data file: a short-lived CLI never benefits from C2. The collector stays
# G1: the JDK's own CDS archive holds pre-built heap objects (the module graph) only for G1,
# and with another collector every start rebuilds them (measured: +12 ms on a hello-world).
# Process launching by vfork skips the jspawnhelper exec.
flags="-XX:TieredStopAtLevel=1 -XX:-UsePerfData"
flags="$flags -Djdk.lang.Process.launchMechanism=VFORK"

unarchived() {
  [ ! -f "$jsa" ] || [ "$jsa" -ot "$jar" ]
}

build() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "plx: target/plx.jar is missing or stale and Maven is not installed; install Maven (apt-get install maven) and run ./plx again" >&2
    exit 125
  fi
  echo "plx: building target/plx.jar (first run or sources changed)..." >&2
  # Maven's output is shown only when the build fails (quiet Maven still prints colour resets).
  log="$here/target/build.log"
  if ! (cd "$here" && mvn -q -B -Dstyle.color=never -Dmaven.test.skip=true package) >"$log" 2>&1
  then
    sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
    echo "plx: the build failed (Maven's output above, also in target/build.log); fix it and run ./plx again" >&2
    exit 125
  fi
  rm -f "$jsa"
}

# Record the classes a run loads (a dry run in a scratch store, see CdsTraining) and dump them
# as a dynamic CDS archive beside the jar; keep it only if the JVM accepts it.
archive() {
  tmp=$(mktemp -d -p "$here/target")
  java $flags -XX:ArchiveClassesAtExit="$tmp/plx.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -Djava.io.tmpdir="$tmp" -cp "$jar" dev.pocketlinx.cli.CdsTraining >/dev/null 2>&1 || true
  if java $flags -XX:SharedArchiveFile="$tmp/plx.jsa" -Xshare:on -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$jar" version >/dev/null 2>&1; then
    mv -f "$tmp/plx.jsa" "$jsa"
  fi
  rm -rf "$tmp"
}

if stale || unarchived; then
  # Two first runs at once must not build or archive over each other: one waits for the other.
  mkdir -p "$here/target"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$here/target/.launcher.lock"
    flock 9
  fi
  if stale; then
    build
  fi
  if unarchived; then
    archive
  fi
  exec 9>&-
fi

# A standard descriptor that is closed would be taken by the first file the JVM opens (its
# own class image), and a container would read or write that. Give it /dev/null instead.
for fd in 0 1 2; do
  [ -e "/proc/self/fd/$fd" ] || eval "exec $fd<>/dev/null"
done

if [ -f "$jsa" ]; then
  flags="$flags -XX:SharedArchiveFile=$jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
exec java $flags -jar "$jar" "$@"
