package dev.pocketlinx.bundle;

import dev.pocketlinx.json.Json;
import java.util.List;
import java.util.Map;

/** The confinement every container starts with: the same defaults Docker gives a container. */
public final class Defaults {

  /** Docker's default capability set; everything else (SYS_ADMIN, NET_ADMIN, ...) is dropped. */
  public static final List<String> CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  /** Paths that would leak host information or let a container reach kernel state: hidden. */
  public static final List<String> MASKED_PATHS =
      List.of(
          "/proc/asound",
          "/proc/acpi",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware",
          "/sys/devices/virtual/powercap");

  /** Kernel tunables the container may read but not change. */
  public static final List<String> READONLY_PATHS =
      List.of(
          "/proc/bus",
          "/proc/fs",
          "/proc/irq",
          "/proc/sys",
          "/proc/sysrq-trigger",
          // With cgroup v1 the runtime puts a tmpfs at /sys/fs/cgroup that it leaves writable.
          "/sys/fs/cgroup");

  /** Deny every device, then let the runtime add its standard set (null, zero, tty, ...). */
  public static final List<Map<String, Object>> DEVICE_RULES =
      List.of(Json.object("allow", false, "access", "rwm"));

  /** The kernel file systems every container gets, in mount order. */
  public static List<Spec.Mount> kernelMounts() {
    return List.of(
        new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new Spec.Mount(
            "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new Spec.Mount(
            "/dev/pts",
            "devpts",
            "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new Spec.Mount(
            "/dev/shm",
            "tmpfs",
            "shm",
            List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
        new Spec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        new Spec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
        new Spec.Mount(
            "/sys/fs/cgroup",
            "cgroup",
            "cgroup",
            List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
  }

  /** The PATH a process gets when neither the image nor the user sets one. */
  public static final String PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private Defaults() {}
}
