package dev.pocketlinx.store;

import dev.pocketlinx.PlxException;
import java.nio.file.Path;

/**
 * Tells a full file system apart from other I/O failures, so that the message says to free space
 * instead of blaming the input.
 */
public final class DiskFull {

  private DiskFull() {}

  /** Whether a failure, or any of its causes, is ENOSPC or EDQUOT. */
  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (isNoSpace(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a tool's or the kernel's text reports ENOSPC or EDQUOT. */
  public static boolean isNoSpace(String text) {
    return text != null
        && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
  }

  /** The one line to show when the store's file system is full. */
  public static PlxException error(Path store, String attempted, Throwable cause) {
    return new PlxException(
        "no space left for "
            + attempted
            + " in the store at "
            + store
            + "; free some space there, or set PLX_ROOT to a store on a larger file system",
        cause);
  }
}
