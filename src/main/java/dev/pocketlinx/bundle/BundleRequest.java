package dev.pocketlinx.bundle;

import java.util.List;

/**
 * Everything a container's spec is made from, already resolved: the final argument vector,
 * environment, user, and the host paths to mount.
 *
 * @param rootfs the root file system, relative to the bundle directory
 * @param rootfsMount a mount over "/" made before every other (the overlay), or null
 * @param extraMounts mounts after the kernel file systems: /etc files, init, volumes
 * @param isolatedNetwork a network namespace of its own (only {@code lo}); otherwise the host's
 * @param nofileHard the current hard limit of open files, which the spec must not raise
 * @param seccomp the default seccomp profile; false with {@code --security-opt seccomp=unconfined}
 * @param architecture the host's architecture in OCI terms (amd64, arm64, ...), which decides the
 *     system-call ABIs the seccomp profile covers
 */
public record BundleRequest(
    String rootfs,
    Spec.Mount rootfsMount,
    boolean readonlyRootfs,
    List<String> args,
    List<String> env,
    String cwd,
    Process.User user,
    boolean terminal,
    String hostname,
    boolean isolatedNetwork,
    List<Spec.Mount> extraMounts,
    String cgroupsPath,
    long nofileHard,
    boolean seccomp,
    String architecture) {

  public BundleRequest {
    args = List.copyOf(args);
    env = List.copyOf(env);
    extraMounts = List.copyOf(extraMounts);
  }
}
