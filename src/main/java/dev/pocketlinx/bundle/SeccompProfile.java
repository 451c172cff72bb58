package dev.pocketlinx.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * The seccomp profile every container gets unless it runs with {@code --security-opt
 * seccomp=unconfined}.
 *
 * <p>Every call is allowed except those listed here, which fail with EPERM as if a capability were
 * missing (clone3 with ENOSYS, see below). A deny list, not an allow list: a container is a
 * development environment that must run whatever a program of today or tomorrow calls, and what
 * needs to be kept from it is a short, known set: calls that reach state the host shares with every
 * container (keyrings, the clock, the kernel itself), kernel interfaces with a long record of
 * exploits that a container can reach without any capability (user namespaces, userfaultfd,
 * io_uring, perf, bpf), and host administration calls that the capability set already refuses,
 * denied once more so that a bug in a capability check is not enough.
 *
 * <p>Allowed on purpose: {@code adjtimex} and {@code clock_adjtime}, whose read-only form (modes 0,
 * as in busybox's {@code adjtimex} and glibc's {@code ntp_gettime}) needs no capability, while
 * changing the clock through them needs CAP_SYS_TIME, which no container has; and {@code
 * personality}, because a rule allowing only the usual personas cannot be written in a deny list
 * (the runtime turns "not this and not that" on one argument into "not this or not that").
 *
 * <p>Each name must be one libseccomp knows: runc skips an unknown name without a word. Names of
 * calls that exist only on some ABIs ({@code stime}, {@code umount}, {@code vm86}) apply where they
 * exist.
 */
public final class SeccompProfile {

  static final int EPERM = 1;
  static final int ENOSYS = 38;

  /** The flags of clone(2) that make a new namespace, each refused on its own. */
  static final long[] CLONE_NAMESPACE_FLAGS = {
    0x00020000L, // CLONE_NEWNS
    0x02000000L, // CLONE_NEWCGROUP
    0x04000000L, // CLONE_NEWUTS
    0x08000000L, // CLONE_NEWIPC
    0x10000000L, // CLONE_NEWUSER
    0x20000000L, // CLONE_NEWPID
    0x40000000L, // CLONE_NEWNET
  };

  private SeccompProfile() {}

  /** The profile for a host of the given architecture, in OCI terms (amd64, arm64, ...). */
  public static Seccomp forArchitecture(String ociArchitecture) {
    List<Seccomp.Syscall> rules = new ArrayList<>();

    // Keyrings belong to a uid, not to a container: uid 0 in every container shares root's
    // user keyring with the host.
    rules.add(denied("keyctl", "add_key", "request_key"));

    // Lets a process hold the kernel at a page fault for as long as it likes, which turns races
    // in the kernel into reliable exploits.
    rules.add(denied("userfaultfd"));

    // Performance events can watch the kernel and other processes, and are a large interface
    // with many past bugs.
    rules.add(denied("perf_event_open"));

    // Loads programs into the kernel.
    rules.add(denied("bpf"));

    // io_uring carries file and network operations this filter never sees, and its code has
    // been a steady source of kernel exploits.
    rules.add(denied("io_uring_setup", "io_uring_enter", "io_uring_register"));

    // A container stays in the namespaces it was given: a new user namespace would give it every
    // capability inside it and open kernel code otherwise reserved to the host's root.
    rules.add(denied("unshare", "setns"));

    // clone3 passes its flags in memory, which a filter cannot read. ENOSYS, not EPERM: C
    // libraries then fall back to clone(2), whose flags are checked below.
    rules.add(Seccomp.Syscall.errno(ENOSYS, List.of("clone3")));

    // clone with any namespace flag, for the same reason as unshare. One rule per flag: rules are
    // alternatives and the conditions of one rule must all hold. The flags are clone's first
    // argument, except on s390 and s390x, where the new stack comes first.
    int flagsIndex = ociArchitecture.equals("s390x") ? 1 : 0;
    for (long flag : CLONE_NAMESPACE_FLAGS) {
      rules.add(
          new Seccomp.Syscall(
              List.of("clone"),
              Seccomp.ERRNO,
              EPERM,
              List.of(new Seccomp.Arg(flagsIndex, flag, flag, Seccomp.MASKED_EQ))));
    }

    // Replace or extend the running kernel.
    rules.add(
        denied("kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module"));

    // Act on the whole machine: restart it, change its swap, account for every process.
    rules.add(denied("reboot", "swapon", "swapoff", "acct"));

    // Set the clock, which the host and every container share.
    rules.add(denied("settimeofday", "stime", "clock_settime", "clock_settime64"));

    // Reads or clears the host's kernel log.
    rules.add(denied("syslog"));

    // Raw I/O ports and the virtual-8086 mode of 32-bit x86: hardware, not a container's business.
    rules.add(denied("iopl", "ioperm", "vm86", "vm86old"));

    // Disk quotas of the host's file systems.
    rules.add(denied("quotactl", "quotactl_fd"));

    // Opens a file by its handle on any mounted file system, around the container's root.
    rules.add(denied("open_by_handle_at"));

    // Obsolete calls: a profiler's cookie-to-path lookup and the a.out library loader.
    rules.add(denied("lookup_dcookie", "uselib"));

    // The runtime set up the container's mounts; changing them could uncover what the masked
    // and read-only paths hide.
    rules.add(
        denied(
            "pivot_root",
            "mount",
            "umount",
            "umount2",
            "fsopen",
            "fsconfig",
            "fsmount",
            "fspick",
            "move_mount",
            "open_tree",
            "mount_setattr"));

    return new Seccomp(Seccomp.ALLOW, architectures(ociArchitecture), rules);
  }

  /**
   * The system-call ABIs of a host: its own and the 32-bit ones it can also run, so that a 32-bit
   * call meets the same rules instead of killing the caller. Unknown architectures get their
   * runtime's native ABI only.
   */
  static List<String> architectures(String ociArchitecture) {
    return switch (ociArchitecture) {
      case "amd64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
      case "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
      case "386" -> List.of("SCMP_ARCH_X86");
      case "arm" -> List.of("SCMP_ARCH_ARM");
      case "s390x" -> List.of("SCMP_ARCH_S390X", "SCMP_ARCH_S390");
      case "ppc64le" -> List.of("SCMP_ARCH_PPC64LE");
      case "riscv64" -> List.of("SCMP_ARCH_RISCV64");
      default -> List.of();
    };
  }

  private static Seccomp.Syscall denied(String... names) {
    return Seccomp.Syscall.errno(EPERM, List.of(names));
  }
}
