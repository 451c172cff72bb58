#!/usr/bin/env bash
# Start-up benchmark: `plx run true` side by side with the bare OCI runtime on a ready bundle
# and with a JVM hello-world, in one run, interleaved so that drift hits all alike.
# Prints the median of each and the ratio plx / (JVM hello-world + bare runc run).
#
#   bench/startup.sh [RUNS]        (default 30; needs root, runc, ../shared/alpine-mirror)
#
# Peers (podman, bwrap) are timed too when they are installed.
set -euo pipefail
runs=${1:-30}
here=$(cd "$(dirname "$0")/.." && pwd)
mirror=${PLX_BENCH_MIRROR:-$here/../shared/alpine-mirror}
work=$(mktemp -d)
export PLX_ROOT="$work/store"
runc_bin=$(command -v runc || echo /usr/sbin/runc)

cleanup() {
  "$runc_bin" --root "$work/runc" delete --force bench-runc >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# 1. plx, built and with its image.
"$here/plx" setup --mirror "$mirror" >/dev/null
"$here/plx" run true

# 2. A ready bundle for the bare runtime: the same Alpine rootfs, the same command.
layer=$(ls -d "$PLX_ROOT"/layers/sha256/* | head -n 1)
mkdir -p "$work/bundle/rootfs"
cp -a "$layer/." "$work/bundle/rootfs/"
(cd "$work/bundle" && "$runc_bin" spec)
sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' "$work/bundle/config.json"

# 3. A JVM hello-world.
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
JAVA
javac -d "$work/hello" "$work/hello/Hello.java"

declare -A cmds=(
  [plx]="$here/plx run true"
  [runc]="$runc_bin --root $work/runc run --bundle $work/bundle bench-runc"
  [jvm]="java -Xshare:auto -cp $work/hello Hello"
)
order=(plx runc jvm)
if command -v bwrap >/dev/null; then
  cmds[bwrap]="bwrap --unshare-all --die-with-parent --ro-bind $work/bundle/rootfs / --proc /proc --dev /dev /bin/true"
  order+=(bwrap)
fi
if command -v podman >/dev/null && podman image exists alpine 2>/dev/null; then
  cmds[podman]="podman run --rm --network host alpine true"
  order+=(podman)
fi

now_ms() { echo $(( $(date +%s%N) / 1000 )); }
declare -A samples
for name in "${order[@]}"; do samples[$name]=""; done
for ((i = 0; i < runs + 2; i++)); do
  for name in "${order[@]}"; do
    start=$(now_ms)
    ${cmds[$name]} >/dev/null
    end=$(now_ms)
    # The first two rounds warm caches and are not counted.
    if ((i >= 2)); then samples[$name]+="$((end - start)) "; fi
  done
done

median_us() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A med
printf '%-8s %10s   (%d runs each)\n' command "median ms" "$runs"
for name in "${order[@]}"; do
  med[$name]=$(echo "${samples[$name]}" | median_us)
  awk -v n="$name" -v us="${med[$name]}" 'BEGIN {printf "%-8s %10.1f\n", n, us / 1000}'
done
awk -v p="${med[plx]}" -v r="${med[runc]}" -v j="${med[jvm]}" 'BEGIN {
  printf "ratio plx / (jvm hello + runc run) = %.2f   (target <= 1.50)\n", p / (j + r)
  printf "ratio plx / runc run                = %.2f\n", p / r
}'
