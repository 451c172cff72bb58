package dev.pocketlinx.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Starts from one base request and changes one thing per test. */
class SpecBuilderTest {

  private static final Process.User ROOT = new Process.User(0, 0, List.of());

  private static BundleRequest base() {
    return new BundleRequest(
        "rootfs",
        null,
        false,
        List.of("uname", "-a"),
        List.of("PATH=/usr/bin:/bin", "HOME=/root"),
        "/",
        ROOT,
        false,
        "box",
        false,
        List.of(),
        "/pocketlinx-test",
        4096,
        true,
        "amd64");
  }

  private static BundleRequest with(BundleRequest b, Process.User user) {
    return new BundleRequest(
        b.rootfs(),
        b.rootfsMount(),
        b.readonlyRootfs(),
        b.args(),
        b.env(),
        b.cwd(),
        user,
        b.terminal(),
        b.hostname(),
        b.isolatedNetwork(),
        b.extraMounts(),
        b.cgroupsPath(),
        b.nofileHard(),
        b.seccomp(),
        b.architecture());
  }

  private static BundleRequest withNetwork(BundleRequest b, boolean isolated) {
    return new BundleRequest(
        b.rootfs(),
        b.rootfsMount(),
        b.readonlyRootfs(),
        b.args(),
        b.env(),
        b.cwd(),
        b.user(),
        b.terminal(),
        b.hostname(),
        isolated,
        b.extraMounts(),
        b.cgroupsPath(),
        b.nofileHard(),
        b.seccomp(),
        b.architecture());
  }

  private static BundleRequest withNofile(BundleRequest b, long hard) {
    return new BundleRequest(
        b.rootfs(),
        b.rootfsMount(),
        b.readonlyRootfs(),
        b.args(),
        b.env(),
        b.cwd(),
        b.user(),
        b.terminal(),
        b.hostname(),
        b.isolatedNetwork(),
        b.extraMounts(),
        b.cgroupsPath(),
        hard,
        b.seccomp(),
        b.architecture());
  }

  private static BundleRequest withReadonlyRoot(BundleRequest b) {
    return new BundleRequest(
        b.rootfs(),
        b.rootfsMount(),
        true,
        b.args(),
        b.env(),
        b.cwd(),
        b.user(),
        b.terminal(),
        b.hostname(),
        b.isolatedNetwork(),
        b.extraMounts(),
        b.cgroupsPath(),
        b.nofileHard(),
        b.seccomp(),
        b.architecture());
  }

  private static BundleRequest withMounts(BundleRequest b, List<Spec.Mount> mounts) {
    return new BundleRequest(
        b.rootfs(),
        b.rootfsMount(),
        b.readonlyRootfs(),
        b.args(),
        b.env(),
        b.cwd(),
        b.user(),
        b.terminal(),
        b.hostname(),
        b.isolatedNetwork(),
        mounts,
        b.cgroupsPath(),
        b.nofileHard(),
        b.seccomp(),
        b.architecture());
  }

  private static BundleRequest withRootfsMount(BundleRequest b, Spec.Mount mount) {
    return new BundleRequest(
        b.rootfs(),
        mount,
        b.readonlyRootfs(),
        b.args(),
        b.env(),
        b.cwd(),
        b.user(),
        b.terminal(),
        b.hostname(),
        b.isolatedNetwork(),
        b.extraMounts(),
        b.cgroupsPath(),
        b.nofileHard(),
        b.seccomp(),
        b.architecture());
  }

  private static BundleRequest withSeccomp(BundleRequest b, boolean seccomp, String architecture) {
    return new BundleRequest(
        b.rootfs(),
        b.rootfsMount(),
        b.readonlyRootfs(),
        b.args(),
        b.env(),
        b.cwd(),
        b.user(),
        b.terminal(),
        b.hostname(),
        b.isolatedNetwork(),
        b.extraMounts(),
        b.cgroupsPath(),
        b.nofileHard(),
        seccomp,
        architecture);
  }

  @Test
  void build_rootfsMount_isMountedBeforeEverythingElse() {
    Spec.Mount overlay =
        new Spec.Mount(
            "/", "overlay", "overlay", List.of("lowerdir=/l", "upperdir=/u", "workdir=/w"));

    Spec spec = SpecBuilder.build(withRootfsMount(base(), overlay));

    assertEquals(overlay, spec.mounts().get(0));
    assertEquals("/proc", spec.mounts().get(1).destination());
    assertEquals(1, destinations(spec).stream().filter("/"::equals).count());
  }

  @Test
  void build_withoutRootfsMount_mountsNothingOverRoot() {
    assertFalse(destinations(SpecBuilder.build(base())).contains("/"));
  }

  private static List<String> destinations(Spec spec) {
    return spec.mounts().stream().map(Spec.Mount::destination).toList();
  }

  @Test
  void build_baseRequest_carriesProcessRootAndHostname() {
    Spec spec = SpecBuilder.build(base());

    assertEquals(Spec.OCI_VERSION, spec.ociVersion());
    assertEquals(List.of("uname", "-a"), spec.process().args());
    assertEquals(List.of("PATH=/usr/bin:/bin", "HOME=/root"), spec.process().env());
    assertEquals("/", spec.process().cwd());
    assertEquals(ROOT, spec.process().user());
    assertFalse(spec.process().terminal());
    assertEquals(new Spec.Root("rootfs", false), spec.root());
    assertEquals("box", spec.hostname());
    assertEquals("/pocketlinx-test", spec.linux().cgroupsPath());
  }

  @Test
  void build_hostNetwork_hasNoNetworkNamespace() {
    Spec spec = SpecBuilder.build(base());

    assertEquals(List.of("pid", "mount", "uts", "ipc", "cgroup"), spec.linux().namespaces());
  }

  @Test
  void build_isolatedNetwork_addsNetworkNamespace() {
    Spec spec = SpecBuilder.build(withNetwork(base(), true));

    assertEquals(
        Set.of("pid", "mount", "uts", "ipc", "cgroup", "network"),
        Set.copyOf(spec.linux().namespaces()));
    assertEquals(6, spec.linux().namespaces().size());
  }

  @Test
  void build_anyRequest_neverSharesTheHostsUserNamespaceMapping() {
    assertFalse(SpecBuilder.build(base()).linux().namespaces().contains("user"));
  }

  @Test
  void build_rootUser_getsDockersDefaultCapabilities() {
    Spec spec = SpecBuilder.build(base());

    Set<String> docker =
        Set.of(
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
    assertEquals(docker, Set.copyOf(spec.process().capabilities().bounding()));
    assertEquals(docker, Set.copyOf(spec.process().capabilities().effective()));
    assertFalse(spec.process().capabilities().bounding().contains("CAP_SYS_ADMIN"));
    assertFalse(spec.process().capabilities().bounding().contains("CAP_NET_ADMIN"));
  }

  @Test
  void build_nonRootUser_getsNoEffectiveCapabilitiesButTheFullBoundingSet() {
    Spec spec = SpecBuilder.build(with(base(), new Process.User(1000, 1000, List.of(10L))));

    assertEquals(List.of(), spec.process().capabilities().effective());
    assertEquals(
        Set.copyOf(Defaults.CAPABILITIES), Set.copyOf(spec.process().capabilities().bounding()));
    Map<String, Object> caps = capabilitiesJson(spec);
    assertEquals(List.of(), caps.get("permitted"));
    assertEquals(List.of(), caps.get("effective"));
  }

  /**
   * Docker stopped filling the inheritable set (CVE-2022-24769): with it, a program with
   * inheritable file capabilities gains them across execve even as a non-root user.
   */
  @Test
  void build_rootUser_leavesTheInheritableSetEmpty() {
    Map<String, Object> caps = capabilitiesJson(SpecBuilder.build(base()));

    Object inheritable = caps.get("inheritable");
    assertTrue(
        inheritable == null || ((List<?>) inheritable).isEmpty(),
        "inheritable capabilities: " + inheritable);
  }

  @Test
  void build_anyRequest_masksDockersPaths() {
    Spec spec = SpecBuilder.build(base());

    assertTrue(
        spec.linux()
            .maskedPaths()
            .containsAll(
                List.of(
                    "/proc/kcore",
                    "/proc/keys",
                    "/proc/timer_list",
                    "/proc/sched_debug",
                    "/proc/acpi",
                    "/proc/asound",
                    "/proc/latency_stats",
                    "/proc/timer_stats",
                    "/proc/scsi",
                    "/sys/firmware")),
        spec.linux().maskedPaths().toString());
    assertTrue(
        spec.linux()
            .readonlyPaths()
            .containsAll(
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")),
        spec.linux().readonlyPaths().toString());
  }

  @Test
  void build_anyRequest_deniesDevicesByDefault() {
    Map<String, Object> first = SpecBuilder.build(base()).linux().deviceRules().get(0);

    assertEquals(false, first.get("allow"));
    assertEquals("rwm", first.get("access"));
  }

  @Test
  void build_hardLimitAboveDefaultSoft_keepsHardAndLowersSoft() {
    Process.Rlimit nofile = nofile(SpecBuilder.build(withNofile(base(), 524288)));

    assertEquals(SpecBuilder.NOFILE_SOFT, nofile.soft());
    assertEquals(524288, nofile.hard());
  }

  @Test
  void build_hardLimitBelowDefaultSoft_neverRaisesEitherLimit() {
    Process.Rlimit nofile = nofile(SpecBuilder.build(withNofile(base(), 256)));

    assertEquals(256, nofile.soft());
    assertEquals(256, nofile.hard());
  }

  @Test
  void build_unknownHardLimit_setsNoRlimit() {
    assertEquals(List.of(), SpecBuilder.build(withNofile(base(), -1)).process().rlimits());
  }

  @Test
  void build_readOnlyRoot_marksRootReadOnly() {
    assertTrue(SpecBuilder.build(withReadonlyRoot(base())).root().readonly());
  }

  @Test
  void build_anyRequest_mountsProcFirstAndSysReadOnly() {
    Spec spec = SpecBuilder.build(base());

    assertEquals("/proc", spec.mounts().get(0).destination());
    assertEquals("proc", spec.mounts().get(0).type());
    Spec.Mount sys =
        spec.mounts().stream()
            .filter(m -> m.destination().equals("/sys"))
            .findFirst()
            .orElseThrow();
    assertTrue(sys.options().contains("ro"), sys.options().toString());
    assertTrue(destinations(spec).containsAll(List.of("/dev", "/dev/pts", "/dev/shm")));
  }

  @Test
  void build_anyRequest_mountsEachParentBeforeItsChildren() {
    List<String> order = destinations(SpecBuilder.build(base()));

    for (int i = 0; i < order.size(); i++) {
      for (int j = i + 1; j < order.size(); j++) {
        assertFalse(
            order.get(i).startsWith(order.get(j) + "/"),
            order.get(i) + " is mounted before its parent " + order.get(j));
      }
    }
  }

  @Test
  void build_extraMounts_comeAfterTheKernelFileSystemsInGivenOrder() {
    List<Spec.Mount> extra =
        List.of(
            Spec.Mount.bind("/host/hosts", "/etc/hosts", false),
            Spec.Mount.bind("/host/src", "/src", true));

    Spec spec = SpecBuilder.build(withMounts(base(), extra));

    List<String> order = destinations(spec);
    assertEquals(List.of("/etc/hosts", "/src"), order.subList(order.size() - 2, order.size()));
    assertEquals(Defaults.kernelMounts().size() + 2, order.size());
    Spec.Mount src = spec.mounts().get(order.size() - 1);
    assertEquals(List.of("rbind", "rprivate", "ro"), src.options());
  }

  @Test
  void build_anyRequest_givesUniqueMountDestinations() {
    List<String> order = destinations(SpecBuilder.build(base()));

    assertEquals(order.size(), new HashSet<>(order).size(), order.toString());
  }

  @Test
  void write_spec_isTheRuntimeSpecShape() {
    Map<String, Object> json = Json.parseObject(Json.write(SpecBuilder.build(base())));

    Map<String, Object> process = Json.objectMember(json, "process");
    assertEquals(Map.of("uid", 0L, "gid", 0L), process.get("user"));
    assertEquals(List.of("uname", "-a"), process.get("args"));
    Map<String, Object> root = Json.objectMember(json, "root");
    assertEquals("rootfs", root.get("path"));
    List<Map<String, Object>> namespaces =
        Json.objects(Json.objectMember(json, "linux"), "namespaces");
    assertEquals("pid", namespaces.get(0).get("type"));
  }

  @Test
  void build_baseRequest_appliesTheDefaultSeccompProfile() {
    Seccomp seccomp = SpecBuilder.build(base()).linux().seccomp();

    assertEquals(SeccompProfile.forArchitecture("amd64"), seccomp);
  }

  @Test
  void build_seccompUnconfined_hasNoSeccompMember() {
    Map<String, Object> json =
        Json.parseObject(Json.write(SpecBuilder.build(withSeccomp(base(), false, "amd64"))));

    assertFalse(Json.objectMember(json, "linux").containsKey("seccomp"));
    assertTrue(Json.objectMember(json, "linux").containsKey("namespaces"));
  }

  @Test
  void build_otherArchitecture_coversThatArchitecturesAbis() {
    Seccomp seccomp = SpecBuilder.build(withSeccomp(base(), true, "arm64")).linux().seccomp();

    assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), seccomp.architectures());
  }

  @Test
  void write_seccomp_isTheRuntimeSpecShape() {
    Map<String, Object> json = Json.parseObject(Json.write(SpecBuilder.build(base())));

    Map<String, Object> seccomp = Json.objectMember(Json.objectMember(json, "linux"), "seccomp");
    assertEquals("SCMP_ACT_ALLOW", seccomp.get("defaultAction"));
    assertEquals(
        List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
        seccomp.get("architectures"));
    Map<String, Object> keyring = Json.objects(seccomp, "syscalls").get(0);
    assertEquals(
        Map.of(
            "names",
            List.of("keyctl", "add_key", "request_key"),
            "action",
            "SCMP_ACT_ERRNO",
            "errnoRet",
            1L),
        keyring);
    assertTrue(
        Json.objects(seccomp, "syscalls")
            .contains(
                Map.of(
                    "names",
                    List.of("clone"),
                    "action",
                    "SCMP_ACT_ERRNO",
                    "errnoRet",
                    1L,
                    "args",
                    List.of(
                        Map.of(
                            "index", 0L,
                            "value", 0x10000000L,
                            "valueTwo", 0x10000000L,
                            "op", "SCMP_CMP_MASKED_EQ")))),
        "no clone rule for CLONE_NEWUSER: " + seccomp);
  }

  private static Process.Rlimit nofile(Spec spec) {
    return spec.process().rlimits().stream()
        .filter(r -> r.type().equals("RLIMIT_NOFILE"))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> capabilitiesJson(Spec spec) {
    Map<String, Object> json = Json.parseObject(Json.write(spec));
    return Json.objectMember(Json.objectMember(json, "process"), "capabilities");
  }
}
