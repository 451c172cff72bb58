package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.FileTrees;
import dev.pocketlinx.store.Store;
import dev.pocketlinx.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes and removes container directories. A directory is made while holding the containers lock
 * shared and is then held by its own lock file for as long as its plx lives; the reaper takes the
 * containers lock exclusively, so it never sees a directory that is half made.
 */
public final class Containers {

  private Containers() {}

  /** A new, empty container directory, with its lock held by the returned handle. */
  public static Held create(Store store) throws PlxException {
    try {
      StoreLock shared = StoreLock.acquire(store.containersLockFile(), false);
      try {
        ContainerId id = ContainerId.random();
        ContainerDir dir = new ContainerDir(id, store.containersDir().resolve(id.value()));
        Files.createDirectory(dir.path());
        StoreLock lock = StoreLock.tryAcquire(dir.lockFile(), true);
        if (lock == null) {
          throw new IOException("lock of new container " + id + " is held by another process");
        }
        return new Held(dir, lock, store.containersLockFile());
      } finally {
        shared.close();
      }
    } catch (IOException e) {
      throw new PlxException(
          "cannot create a container in " + store.containersDir() + ": " + e.getMessage(), e);
    }
  }

  /** A container directory and the lock that says its plx is alive. */
  public record Held(ContainerDir dir, StoreLock lock, Path containersLock)
      implements AutoCloseable {

    /**
     * Removes the directory, then lets go of the lock. The containers lock is held shared
     * meanwhile, so that no reaper (which holds it exclusively) finds the directory half removed. A
     * directory that cannot be removed now is left to the next plx command, which finds its lock
     * free; the command's own result stands.
     */
    @Override
    public void close() {
      StoreLock shared = null;
      try {
        shared = StoreLock.acquire(containersLock, false);
        FileTrees.deleteRecursively(dir.path());
      } catch (IOException e) {
        Log.warn(
            "cannot remove container %s yet (%s); the next plx command retries",
            dir.id().shortId(), e.getMessage());
      } finally {
        release(lock);
        release(shared);
      }
    }

    private void release(StoreLock held) {
      if (held == null) {
        return;
      }
      try {
        held.close();
      } catch (IOException e) {
        Log.debug("cannot release a lock of %s: %s", dir.id().shortId(), e.getMessage());
      }
    }
  }
}
