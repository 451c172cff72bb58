package dev.pocketlinx.store;

import dev.pocketlinx.log.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and directories one operation has created so far. Unless the operation commits, closing
 * removes them, newest first, so a failed operation leaves the store as it found it.
 *
 * <p>Made with {@link #alsoOnShutdown()}, the same happens when the JVM shuts down first, as it
 * does on SIGINT, SIGTERM and SIGHUP: a shutdown hook runs while the operation's thread is still
 * somewhere in its work. So that the hook never sees a change that is made but not yet recorded, or
 * a commit half done, a change and its record happen together in {@link #create}, {@link #step} or
 * {@link #commit}, under this object's lock, which the hook takes too. Once rolled back, every
 * later change fails.
 */
public final class Rollback implements AutoCloseable {

  /** A change to the store, recorded in this rollback as it is made. */
  @FunctionalInterface
  public interface Change {
    void run() throws IOException;
  }

  /** Makes a new file or directory and returns its path. */
  @FunctionalInterface
  public interface Creation {
    Path create() throws IOException;
  }

  private final List<Path> created = new ArrayList<>();
  private final Thread shutdownHook;
  private boolean committed;
  private boolean closed;

  /** A rollback that runs on {@link #close()} only. */
  public Rollback() {
    this.shutdownHook = null;
  }

  private Rollback(String hookName) {
    this.shutdownHook = new Thread(this::rollBackOnShutdown, hookName);
  }

  /**
   * A rollback that also runs if the JVM shuts down before {@link #close()}; closing removes the
   * shutdown hook again.
   */
  public static Rollback alsoOnShutdown() {
    Rollback rollback = new Rollback("plx-rollback");
    Runtime.getRuntime().addShutdownHook(rollback.shutdownHook);
    return rollback;
  }

  /** Records a path this operation created and owns; returns it. */
  public synchronized Path add(Path path) throws IOException {
    if (closed && !committed) {
      // Made after the rollback ran: nothing else would remove it.
      delete(path);
      throw rolledBack();
    }
    created.add(path);
    return path;
  }

  /** Forgets a path, e.g. a temporary file that was moved elsewhere. */
  public synchronized void forget(Path path) {
    created.remove(path);
  }

  /** Creates a path and records it, with no moment at which a rollback could miss it. */
  public synchronized Path create(Creation creation) throws IOException {
    ensureOpen();
    return add(creation.create());
  }

  /** Makes a change that records itself ({@link #add}, {@link #forget}) as one step. */
  public synchronized void step(Change change) throws IOException {
    ensureOpen();
    change.run();
  }

  /**
   * Publishes the result, say by tagging it, and from then on keeps the created paths. Both happen
   * under the lock: a rollback never removes what a reader can already see.
   */
  public synchronized void commit(Change publish) throws IOException {
    ensureOpen();
    publish.run();
    committed = true;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!closed && !committed) {
        deleteCreated();
      }
      closed = true;
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook runs or ran, and finds this closed.
      }
    }
  }

  /** The shutdown hook's work; {@link #close()} and this take turns on the lock. */
  synchronized void rollBackOnShutdown() {
    if (closed) {
      return;
    }
    closed = true;
    if (!committed) {
      Log.debug("shutting down: rolling back %d paths", created.size());
      deleteCreated();
    }
  }

  /** For tests: the hook this rollback registered, or null. */
  Thread shutdownHook() {
    return shutdownHook;
  }

  private void ensureOpen() throws IOException {
    if (closed && !committed) {
      throw rolledBack();
    }
  }

  private static IOException rolledBack() {
    return new IOException("the operation was interrupted and rolled back");
  }

  private void deleteCreated() {
    for (int i = created.size() - 1; i >= 0; i--) {
      delete(created.get(i));
    }
    created.clear();
  }

  private static void delete(Path path) {
    try {
      FileTrees.deleteRecursively(path);
      Log.debug("rolled back %s", path);
    } catch (IOException e) {
      // The next setup's cleanup of tmp/ retries; a blob left over is never tagged.
      Log.warn("could not remove %s: %s", path, e.getMessage());
    }
  }
}
