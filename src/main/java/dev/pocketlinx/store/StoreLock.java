package dev.pocketlinx.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
