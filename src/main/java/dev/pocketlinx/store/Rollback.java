package dev.pocketlinx.store;

import dev.pocketlinx.log.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and directories one operation has created so far. Unless the operation commits,
 * closing removes them, newest first, so a failed operation leaves the store as it found it.
 */
public final class Rollback implements AutoCloseable {

  private final List<Path> created = new ArrayList<>();
  private boolean committed;

  /** Records a path this operation created and owns. */
  public void add(Path path) {
    created.add(path);
  }

  /** Forgets a path, e.g. a temporary file that was moved elsewhere. */
  public void forget(Path path) {
    created.remove(path);
  }

  /** From now on the created paths are kept. */
  public void commit() {
    committed = true;
  }

  @Override
  public void close() {
    if (committed) {
      return;
    }
    for (int i = created.size() - 1; i >= 0; i--) {
      Path path = created.get(i);
      try {
        FileTrees.deleteRecursively(path);
        Log.debug("rolled back %s", path);
      } catch (IOException e) {
        // The next setup's cleanup of tmp/ retries; a blob left over is never tagged.
        Log.warn("could not remove %s: %s", path, e.getMessage());
      }
    }
  }
}
