package dev.pocketlinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pocketlinx.image.Digest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the host shows of containers, read from /proc and /sys: their processes, mounts and cgroups,
 * and the files of a store. Used by integration tests to prove that nothing of a container outlives
 * it.
 */
final class HostState {

  private HostState() {}

  /** Pids of live processes running {@code sleep 60} in the container's cgroup or rootfs. */
  static Set<Long> containerProcesses(Path store, String id) {
    Set<Long> pids = new TreeSet<>();
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      Path proc = Path.of("/proc", Long.toString(process.pid()));
      try {
        byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
        if (!new String(cmdline, StandardCharsets.UTF_8).equals("sleep\0" + "60\0")) {
          continue;
        }
        String cgroups = Files.readString(proc.resolve("cgroup"));
        String root = Files.readSymbolicLink(proc.resolve("root")).toString();
        if (cgroups.contains("pocketlinx-" + id) || root.startsWith(store.toString())) {
          pids.add(process.pid());
        }
      } catch (IOException e) {
        // The process ended while it was looked at.
      }
    }
    return pids;
  }

  /** Asserts that nothing of a container is left: processes, mounts, cgroups. */
  static void assertGone(Path store, String id, Set<Long> formerPids) throws Exception {
    awaitTrue(
        () -> containerProcesses(store, id).isEmpty(),
        5,
        "processes of container " + id + " are still running");
    for (long pid : formerPids) {
      awaitTrue(
          () -> ProcessHandle.of(pid).map(h -> !isSleep(pid)).orElse(true),
          5,
          "container process " + pid + " is still running");
    }
    assertEquals(List.of(), mountsUnder(store), "mounts under the test store");
    awaitTrue(() -> cgroupsOf(id).isEmpty(), 5, "cgroups left: " + cgroupsOf(id));
  }

  static boolean isSleep(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .startsWith("sleep\0");
    } catch (IOException e) {
      return false;
    }
  }

  static List<Path> cgroupsOf(String id) {
    List<Path> found = new ArrayList<>();
    Path v2 = Path.of("/sys/fs/cgroup", "pocketlinx-" + id);
    if (Files.exists(v2)) {
      found.add(v2);
    }
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path hierarchy : hierarchies.toList()) {
        Path dir = hierarchy.resolve("pocketlinx-" + id);
        if (Files.isDirectory(hierarchy) && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          found.add(dir);
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list /sys/fs/cgroup", e);
    }
    return found;
  }

  static List<String> mountsUnder(Path store) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(line -> line.contains(store.toString()))
        .toList();
  }

  static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every path under a directory with its type, mode, owner, size and content digest. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        Map<String, Object> attributes =
            Files.readAttributes(path, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        String what = attributes.toString();
        if (Files.isSymbolicLink(path)) {
          what += " -> " + Files.readSymbolicLink(path);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          what += " " + Digest.of(path);
        }
        entries.put(dir.relativize(path).toString(), what);
      }
    }
    return entries;
  }

  /** Network interface names in the text of /proc/net/dev. */
  static Set<String> interfaces(String procNetDev) {
    return procNetDev
        .lines()
        .filter(line -> line.contains(":"))
        .map(line -> line.substring(0, line.indexOf(':')).strip())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static String effectiveUid() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return line.substring(4).strip().split("\\s+")[1];
      }
    }
    return "unknown";
  }

  static Path findRunc() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "runc");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  static void awaitTrue(BooleanSupplier condition, int seconds, String message)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(message);
      }
      Thread.sleep(20);
    }
  }
}
