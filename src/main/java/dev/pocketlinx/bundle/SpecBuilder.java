package dev.pocketlinx.bundle;

import java.util.ArrayList;
import java.util.List;

/** Turns a resolved request into a runtime-spec; no I/O, so every choice here is testable. */
public final class SpecBuilder {

  /** The soft limit of open files a process starts with, as on most hosts and in Docker. */
  static final long NOFILE_SOFT = 1024;

  private SpecBuilder() {}

  public static Spec build(BundleRequest request) {
    List<Spec.Mount> mounts = new ArrayList<>();
    if (request.rootfsMount() != null) {
      mounts.add(request.rootfsMount());
    }
    mounts.addAll(Defaults.kernelMounts());
    mounts.addAll(request.extraMounts());

    List<String> namespaces = new ArrayList<>(List.of("pid", "mount", "uts", "ipc", "cgroup"));
    if (request.isolatedNetwork()) {
      namespaces.add("network");
    }

    // The JVM raises its own soft limit of open files to the hard one; lower it again for the
    // container. The hard limit is kept as it is: raising it needs CAP_SYS_RESOURCE.
    long hard = request.nofileHard();
    List<Process.Rlimit> rlimits =
        hard > 0
            ? List.of(new Process.Rlimit("RLIMIT_NOFILE", Math.min(NOFILE_SOFT, hard), hard))
            : List.of();

    Process process =
        new Process(
            request.terminal(),
            request.user(),
            request.args(),
            request.env(),
            request.cwd(),
            new Process.Capabilities(
                Defaults.CAPABILITIES,
                request.user().uid() == 0 ? Defaults.CAPABILITIES : List.of()),
            rlimits,
            false);

    Linux linux =
        new Linux(
            namespaces,
            request.cgroupsPath(),
            Defaults.DEVICE_RULES,
            Defaults.MASKED_PATHS,
            Defaults.READONLY_PATHS,
            request.seccomp() ? SeccompProfile.forArchitecture(request.architecture()) : null);

    return new Spec(
        Spec.OCI_VERSION,
        process,
        new Spec.Root(request.rootfs(), request.readonlyRootfs()),
        request.hostname(),
        mounts,
        linux);
  }
}
