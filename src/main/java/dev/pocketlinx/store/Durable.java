package dev.pocketlinx.store;

import dev.pocketlinx.log.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Puts what setup wrote on the disk before it becomes visible, so that after a power loss an image
 * in the index has whole blobs and a whole layer, not files the page cache never wrote back. Only
 * setup pays for this; a container's own files are thrown away and never synced.
 */
public final class Durable {

  private Durable() {}

  /** Writes a file's data and metadata to the disk (fsync). */
  public static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Writes a directory's entries to the disk, so that a rename into it survives a power loss. */
  public static void forceDirectory(Path dir) throws IOException {
    force(dir);
  }

  /**
   * Writes every file of the file system holding {@code path} to the disk ({@code sync -f}, one
   * syncfs(2)): one call for a whole unpacked layer, where an fsync per file would cost seconds.
   * Where the command is missing or fails, the layer is used as it is and the failure logged.
   */
  public static void syncFileSystem(Path path) {
    try {
      Process sync =
          new ProcessBuilder("sync", "-f", path.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!sync.waitFor(120, TimeUnit.SECONDS)) {
        sync.destroyForcibly();
        Log.warn("syncing %s to the disk took over 120 s; going on without waiting", path);
      } else if (sync.exitValue() != 0) {
        Log.debug("sync -f %s exited with %d", path, sync.exitValue());
      }
    } catch (IOException e) {
      Log.debug("cannot run sync -f %s: %s", path, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
