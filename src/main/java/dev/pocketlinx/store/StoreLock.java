package dev.pocketlinx.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A lock on a lock file (an fcntl record lock). The kernel drops it when the holding process dies,
 * even of SIGKILL, so a lock that can be taken means its last holder is gone.
 */
public final class StoreLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits for the lock. */
  public static StoreLock acquire(Path file, boolean exclusive) throws IOException {
    FileChannel channel = open(file);
    try {
      return new StoreLock(channel, channel.lock(0, Long.MAX_VALUE, !exclusive));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Takes the lock if no other process holds it; null otherwise. */
  public static StoreLock tryAcquire(Path file, boolean exclusive) throws IOException {
    FileChannel channel = open(file);
    try {
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, !exclusive);
      if (lock == null) {
        channel.close();
        return null;
      }
      return new StoreLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Read and write for root alone: whoever can open a lock file can hold its lock. */
  static final Set<PosixFilePermission> PERMISSIONS = PosixFilePermissions.fromString("rw-------");

  private static final Set<OpenOption> OPEN =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, OPEN, PosixFilePermissions.asFileAttribute(PERMISSIONS));
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
