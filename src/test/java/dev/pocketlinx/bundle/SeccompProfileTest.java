package dev.pocketlinx.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pocketlinx.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeccompProfileTest {

  /**
   * Every name libseccomp 2.5.4 resolves for at least one of x86_64, x86, x32, aarch64 and arm that
   * the profile may use (checked with seccomp_syscall_resolve_name_arch). runc skips a name
   * libseccomp does not know, so a misspelt name would leave its call allowed without a word.
   */
  private static final Set<String> KNOWN_TO_LIBSECCOMP =
      Set.of(
          "acct",
          "add_key",
          "bpf",
          "clone",
          "clone3",
          "clock_settime",
          "clock_settime64",
          "delete_module",
          "finit_module",
          "fsconfig",
          "fsmount",
          "fsopen",
          "fspick",
          "init_module",
          "io_uring_enter",
          "io_uring_register",
          "io_uring_setup",
          "ioperm",
          "iopl",
          "kexec_file_load",
          "kexec_load",
          "keyctl",
          "lookup_dcookie",
          "mount",
          "mount_setattr",
          "move_mount",
          "open_by_handle_at",
          "open_tree",
          "perf_event_open",
          "pivot_root",
          "quotactl",
          "quotactl_fd",
          "reboot",
          "request_key",
          "setns",
          "settimeofday",
          "stime",
          "swapoff",
          "swapon",
          "syslog",
          "umount",
          "umount2",
          "unshare",
          "uselib",
          "userfaultfd",
          "vm86",
          "vm86old");

  private static final Seccomp AMD64 = SeccompProfile.forArchitecture("amd64");

  @Test
  void forArchitecture_anyHost_allowsWhatNoRuleDenies() {
    assertEquals("SCMP_ACT_ALLOW", AMD64.defaultAction());
  }

  @ParameterizedTest
  @CsvSource({
    "amd64, SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32",
    "arm64, SCMP_ARCH_AARCH64 SCMP_ARCH_ARM",
    "386, SCMP_ARCH_X86",
    "arm, SCMP_ARCH_ARM",
    "s390x, SCMP_ARCH_S390X SCMP_ARCH_S390",
    "ppc64le, SCMP_ARCH_PPC64LE",
    "riscv64, SCMP_ARCH_RISCV64"
  })
  void forArchitecture_host_coversItsOwnAndItsCompanionAbis(String host, String abis) {
    assertEquals(List.of(abis.split(" ")), SeccompProfile.forArchitecture(host).architectures());
  }

  @Test
  void forArchitecture_unknownHost_leavesTheAbiToTheRuntime() {
    Seccomp seccomp = SeccompProfile.forArchitecture("mips64le");

    assertEquals(List.of(), seccomp.architectures());
    assertFalse(((Map<?, ?>) seccomp.toJson()).containsKey("architectures"));
    assertEquals(AMD64.syscalls(), seccomp.syscalls());
  }

  @Test
  void forArchitecture_everyName_isKnownToLibseccompAndDeniedOnce() {
    List<String> names = deniedNames(AMD64);

    Set<String> unknown = new HashSet<>(names);
    unknown.removeAll(KNOWN_TO_LIBSECCOMP);
    assertEquals(Set.of(), unknown, "names libseccomp 2.5.4 does not know");
    for (String name : new HashSet<>(names)) {
      long rules = names.stream().filter(name::equals).count();
      assertEquals(name.equals("clone") ? 7 : 1, rules, name + " rules");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "keyctl",
        "add_key",
        "request_key",
        "userfaultfd",
        "perf_event_open",
        "bpf",
        "io_uring_setup",
        "io_uring_enter",
        "io_uring_register",
        "unshare",
        "setns",
        "kexec_load",
        "init_module",
        "finit_module",
        "reboot",
        "swapon",
        "settimeofday",
        "clock_settime",
        "syslog",
        "open_by_handle_at",
        "pivot_root",
        "mount",
        "umount2",
        "fsopen",
        "move_mount",
        "open_tree",
        "mount_setattr"
      })
  void forArchitecture_deniedCall_failsWithEpermWhateverItsArguments(String name) {
    Seccomp.Syscall rule = ruleFor(AMD64, name);

    assertEquals("SCMP_ACT_ERRNO", rule.action());
    assertEquals(1, rule.errnoRet());
    assertEquals(List.of(), rule.args());
  }

  /** clone3's flags are out of a filter's reach; ENOSYS sends C libraries back to clone. */
  @Test
  void forArchitecture_clone3_failsWithEnosys() {
    Seccomp.Syscall rule = ruleFor(AMD64, "clone3");

    assertEquals("SCMP_ACT_ERRNO", rule.action());
    assertEquals(38, rule.errnoRet());
    assertEquals(List.of(), rule.args());
  }

  @Test
  void forArchitecture_clone_isDeniedOnceForEachNamespaceFlagAndOtherwiseAllowed() {
    List<Seccomp.Syscall> rules = rulesFor(AMD64, "clone");

    Set<Long> flags = new HashSet<>();
    for (Seccomp.Syscall rule : rules) {
      assertEquals(List.of("clone"), rule.names());
      assertEquals(1, rule.errnoRet());
      assertEquals(1, rule.args().size(), "one condition per rule: " + rule);
      Seccomp.Arg arg = rule.args().get(0);
      assertEquals(0, arg.index());
      assertEquals("SCMP_CMP_MASKED_EQ", arg.op());
      assertEquals(arg.value(), arg.valueTwo(), "matches when the flag is set: " + arg);
      assertEquals(1, Long.bitCount(arg.value()), "one flag per rule: " + arg);
      flags.add(arg.value());
    }
    // CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
    // CLONE_NEWNET.
    assertEquals(
        Set.of(0x20000L, 0x2000000L, 0x4000000L, 0x8000000L, 0x10000000L, 0x20000000L, 0x40000000L),
        flags);
  }

  /** On s390 and s390x clone takes the new stack first and its flags second. */
  @Test
  void forArchitecture_s390x_testsClonesSecondArgument() {
    for (Seccomp.Syscall rule : rulesFor(SeccompProfile.forArchitecture("s390x"), "clone")) {
      assertEquals(1, rule.args().get(0).index(), rule.toString());
    }
  }

  /**
   * Read-only forms need no capability and are in use (busybox adjtimex, glibc ntp_gettime); a
   * personality rule cannot be written as a deny rule.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"adjtimex", "clock_adjtime", "personality", "ptrace", "execve", "fork", "vfork"})
  void forArchitecture_everydayCalls_areNotDenied(String name) {
    assertEquals(List.of(), rulesFor(AMD64, name));
  }

  @Test
  void toJson_ruleWithoutConditions_hasNoArgsMember() {
    Map<?, ?> json = (Map<?, ?>) ruleFor(AMD64, "bpf").toJson();

    assertEquals(Map.of("names", List.of("bpf"), "action", "SCMP_ACT_ERRNO", "errnoRet", 1), json);
  }

  @Test
  void toJson_ruleWithAnotherAction_hasNoErrnoRet() {
    Seccomp.Syscall rule = new Seccomp.Syscall(List.of("getpid"), "SCMP_ACT_LOG", null, List.of());

    assertNull(((Map<?, ?>) rule.toJson()).get("errnoRet"));
    assertEquals("{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_LOG\"}", Json.write(rule));
  }

  private static List<String> deniedNames(Seccomp seccomp) {
    List<String> names = new ArrayList<>();
    for (Seccomp.Syscall rule : seccomp.syscalls()) {
      names.addAll(rule.names());
    }
    return names;
  }

  private static List<Seccomp.Syscall> rulesFor(Seccomp seccomp, String name) {
    return seccomp.syscalls().stream().filter(rule -> rule.names().contains(name)).toList();
  }

  private static Seccomp.Syscall ruleFor(Seccomp seccomp, String name) {
    List<Seccomp.Syscall> rules = rulesFor(seccomp, name);
    assertEquals(1, rules.size(), name + " is in " + rules.size() + " rules");
    return rules.get(0);
  }
}
