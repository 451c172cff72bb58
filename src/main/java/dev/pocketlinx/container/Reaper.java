package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.runtime.OciRuntime;
import dev.pocketlinx.store.FileTrees;
import dev.pocketlinx.store.Store;
import dev.pocketlinx.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what a plx that died without cleaning up (kill -9, power loss) left behind: the runtime's
 * state of its container (which kills the container) and the container's directory. A container
 * directory whose lock can be taken has no living plx.
 */
public final class Reaper {

  private Reaper() {}

  public static void reap(Store store) throws PlxException {
    reapTemp(store);

    // Most commands find nothing to do; they need neither the lock nor the runtime for that.
    if (isEmpty(store.containersDir()) && isEmpty(store.runtimeRoot())) {
      return;
    }
    try (StoreLock exclusive = StoreLock.tryAcquire(store.containersLockFile(), true)) {
      if (exclusive == null) {
        Log.debug("another plx is making a container; leftovers are reaped next time");
        return;
      }
      List<Path> dirs;
      try (Stream<Path> entries = Files.list(store.containersDir())) {
        dirs = entries.toList();
      }
      for (Path dir : dirs) {
        try {
          reapDirectory(store, dir);
        } catch (NoSuchFileException e) {
          Log.debug("container directory %s went away while being looked at", dir);
        }
      }
      reapRuntimeState(store);
    } catch (IOException e) {
      throw new PlxException(
          "cannot clean up leftovers in "
              + store.containersDir()
              + ": "
              + e.getMessage()
              + "; check the store's permissions",
          e);
    }
  }

  private static void reapDirectory(Store store, Path path) throws IOException {
    String name = path.getFileName().toString();
    // Only plx's own directories: never a link, which would lead the lock, the runtime named
    // inside and the removal somewhere else.
    if (!ContainerId.isValid(name) || !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    ContainerDir dir = new ContainerDir(new ContainerId(name), path);
    try (StoreLock lock = StoreLock.tryAcquire(dir.lockFile(), true)) {
      if (lock == null) {
        return;
      }
      Log.info("removing container %s left behind by a plx that was killed", dir.id().shortId());
      OciRuntime runtime = runtimeOf(store, dir);
      if (runtime != null && runtime.hasState(name)) {
        runtime.delete(name);
      }
      FileTrees.deleteRecursively(path);
    }
  }

  /**
   * Files a killed setup left in tmp/. Only when no setup runs: a setup holds the images lock for
   * as long as it writes there.
   */
  private static void reapTemp(Store store) throws PlxException {
    if (isEmpty(store.tmpDir())) {
      return;
    }
    try (StoreLock images = StoreLock.tryAcquire(store.imagesLockFile(), true)) {
      if (images != null) {
        Log.info("removing what an interrupted setup left in %s", store.tmpDir());
        store.cleanTemp();
      }
    } catch (IOException e) {
      throw new PlxException(
          "cannot clean up "
              + store.tmpDir()
              + ": "
              + e.getMessage()
              + "; check the store's permissions",
          e);
    }
  }

  /** Runtime state whose container directory is gone: removed from the runtime too. */
  private static void reapRuntimeState(Store store) throws IOException {
    OciRuntime runtime = null;
    for (String id : listNames(store.runtimeRoot())) {
      if (ContainerId.isValid(id) && !Files.exists(store.containersDir().resolve(id))) {
        if (runtime == null) {
          runtime = locateQuietly(OciRuntime.DEFAULT, store);
        }
        if (runtime != null) {
          Log.info("removing runtime state of container %s", id.substring(0, 12));
          runtime.delete(id);
        }
      }
    }
  }

  private static OciRuntime runtimeOf(Store store, ContainerDir dir) {
    String name = OciRuntime.DEFAULT;
    try {
      Path recorded = dir.runtimeFile();
      if (Files.isRegularFile(recorded)) {
        name = Files.readString(recorded).strip();
      }
    } catch (IOException e) {
      Log.debug("cannot read the runtime of %s: %s", dir.id(), e.getMessage());
    }
    return locateQuietly(name, store);
  }

  private static OciRuntime locateQuietly(String name, Store store) {
    try {
      return OciRuntime.locate(name, store.runtimeRoot());
    } catch (PlxException e) {
      Log.warn("%s", e.getMessage());
      return null;
    }
  }

  private static boolean isEmpty(Path dir) {
    String[] names = dir.toFile().list();
    return names == null || names.length == 0;
  }

  private static List<String> listNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }
}
