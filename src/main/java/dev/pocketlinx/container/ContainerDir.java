package dev.pocketlinx.container;

import java.nio.file.Path;

/**
 * The files of one container under {@code containers/<id>/}. The directory is also the OCI bundle:
 * {@code config.json} beside {@code rootfs/}.
 */
public record ContainerDir(ContainerId id, Path path) {

  public Path lockFile() {
    return path.resolve("lock");
  }

  public Path metadata() {
    return path.resolve("container.json");
  }

  public Path config() {
    return path.resolve("config.json");
  }

  public Path rootfs() {
    return path.resolve("rootfs");
  }

  public Path upper() {
    return path.resolve("upper");
  }

  public Path work() {
    return path.resolve("work");
  }

  /** Files plx writes for the container and bind-mounts over /etc/hosts and the like. */
  public Path etc() {
    return path.resolve("etc");
  }

  public Path runtimeLog() {
    return path.resolve("runtime.log");
  }

  /** The path of the OCI runtime that runs the container, for the reaper to remove it with. */
  public Path runtimeFile() {
    return path.resolve("runtime");
  }
}
