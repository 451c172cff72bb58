package dev.pocketlinx.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Facts about the Linux host, read from /proc without starting a process. */
public final class HostInfo {

  /** How the cgroup file systems are mounted. */
  public enum CgroupMode {
    V1,
    HYBRID,
    V2,
    NONE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private HostInfo() {}

  /**
   * Whether the running kernel is at least {@code major.minor}, from its release ({@code
   * os.version}, as {@code uname -r} gives it); false when the release cannot be read.
   */
  public static boolean kernelAtLeast(int major, int minor) {
    return releaseAtLeast(System.getProperty("os.version", ""), major, minor);
  }

  static boolean releaseAtLeast(String release, int major, int minor) {
    int[] numbers = new int[2];
    int field = 0;
    int i = 0;
    while (field < 2) {
      int start = i;
      while (i < release.length() && release.charAt(i) >= '0' && release.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i - start > 6) {
        return false;
      }
      numbers[field++] = Integer.parseInt(release.substring(start, i));
      if (field < 2) {
        if (i >= release.length() || release.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return numbers[0] > major || (numbers[0] == major && numbers[1] >= minor);
  }

  /** The kernel release, as {@code uname -r} prints it. */
  public static String kernelRelease() {
    return readFirstLine(Path.of("/proc/sys/kernel/osrelease"), "unknown");
  }

  /** Whether a file descriptor of this process is a terminal; the JVM has no isatty. */
  public static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/")
          || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Whether plx was started with stdin closed. The JVM then opens its own class image ({@code
   * lib/modules}) on the free descriptor 0, which must never reach a container as input.
   */
  public static boolean stdinWasClosed() {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
      return target.equals(Path.of(System.getProperty("java.home"), "lib", "modules"))
          || target.toString().endsWith("/lib/modules");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The effective user id of this process. */
  public static int effectiveUid() {
    // "Uid:" is followed by the real, effective, saved and file-system uids, tab-separated.
    try {
      String status =
          new String(
              Files.readAllBytes(Path.of("/proc/self/status")),
              java.nio.charset.StandardCharsets.ISO_8859_1);
      int line = status.indexOf("\nUid:");
      if (line < 0) {
        return -1;
      }
      String[] fields =
          status.substring(line + 5, status.indexOf('\n', line + 1)).trim().split("\t");
      return Integer.parseInt(fields[1].trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether the kernel offers overlayfs (loaded or as a module it will load on first mount). */
  public static boolean overlaySupported() {
    try {
      if (Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n")) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    return Files.isDirectory(Path.of("/sys/module/overlay"));
  }

  /** v2 when /sys/fs/cgroup is cgroup2; hybrid when v1 controllers sit beside a v2 mount. */
  public static CgroupMode cgroupMode() {
    List<String> mounts;
    try {
      mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
    } catch (IOException e) {
      return CgroupMode.NONE;
    }
    boolean v1 = false;
    boolean v2Unified = false;
    for (String line : mounts) {
      String[] fields = line.split(" ");
      if (fields.length < 3) {
        continue;
      }
      if (fields[1].equals("/sys/fs/cgroup") && fields[2].equals("cgroup2")) {
        return CgroupMode.V2;
      }
      if (fields[2].equals("cgroup")) {
        v1 = true;
      } else if (fields[2].equals("cgroup2")) {
        v2Unified = true;
      }
    }
    if (v1) {
      return v2Unified ? CgroupMode.HYBRID : CgroupMode.V1;
    }
    return CgroupMode.NONE;
  }

  /** The host's architecture in OCI terms: amd64, arm64, arm, 386, ppc64le, s390x, riscv64. */
  public static String ociArchitecture() {
    String arch = System.getProperty("os.arch", "");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "arm" -> "arm";
      case "x86", "i386", "i686" -> "386";
      default -> arch;
    };
  }

  /** The host's architecture in Alpine's terms: x86_64, aarch64, armv7, x86, ... */
  public static String alpineArchitecture() {
    return switch (ociArchitecture()) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      case "arm" -> "armv7";
      case "386" -> "x86";
      default -> ociArchitecture();
    };
  }

  private static String readFirstLine(Path file, String fallback) {
    try {
      String text = Files.readString(file).trim();
      return text.isEmpty() ? fallback : text;
    } catch (IOException e) {
      return fallback;
    }
  }
}
