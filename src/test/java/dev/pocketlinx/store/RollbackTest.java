package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackTest {

  @TempDir Path temp;

  @Test
  void close_withoutCommit_removesWhatWasCreated() throws Exception {
    Path file;
    try (Rollback rollback = new Rollback()) {
      file = rollback.create(() -> Files.createFile(temp.resolve("a.part")));
    }
    assertFalse(Files.exists(file));
  }

  @Test
  void close_afterCommit_keepsWhatWasCreated() throws Exception {
    Path file;
    try (Rollback rollback = new Rollback()) {
      file = rollback.create(() -> Files.createFile(temp.resolve("a.part")));
      rollback.commit(() -> {});
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void plainRollback_registersNoShutdownHook() {
    assertNull(new Rollback().shutdownHook());
  }

  @Test
  void alsoOnShutdown_closeRemovesTheHook() {
    Rollback rollback = Rollback.alsoOnShutdown();
    Thread hook = rollback.shutdownHook();
    rollback.close();

    assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the hook is still registered");
  }

  @Test
  void shutdown_beforeCommit_removesWhatWasCreated() throws Exception {
    Rollback rollback = Rollback.alsoOnShutdown();
    try {
      Path file = rollback.create(() -> Files.createFile(temp.resolve("a.part")));
      Path dir = rollback.create(() -> Files.createDirectory(temp.resolve("layer")));
      Files.writeString(dir.resolve("inside"), "x");

      rollback.rollBackOnShutdown();

      assertFalse(Files.exists(file));
      assertFalse(Files.exists(dir));
    } finally {
      rollback.close();
    }
  }

  @Test
  void shutdown_afterCommit_keepsWhatWasCreated() throws Exception {
    try (Rollback rollback = Rollback.alsoOnShutdown()) {
      Path file = rollback.create(() -> Files.createFile(temp.resolve("a.part")));
      rollback.commit(() -> {});

      rollback.rollBackOnShutdown();

      assertTrue(Files.exists(file));
    }
  }

  @Test
  void afterShutdown_laterChangesFailAndLeaveNothing() throws Exception {
    try (Rollback rollback = Rollback.alsoOnShutdown()) {
      rollback.rollBackOnShutdown();

      Path late = Files.createFile(temp.resolve("late"));
      assertThrows(IOException.class, () -> rollback.add(late));
      assertFalse(Files.exists(late), "a path recorded after the rollback is removed at once");
      assertThrows(
          IOException.class, () -> rollback.create(() -> Files.createFile(temp.resolve("never"))));
      assertFalse(Files.exists(temp.resolve("never")));
      Path published = temp.resolve("published");
      assertThrows(IOException.class, () -> rollback.commit(() -> Files.createFile(published)));
      assertFalse(Files.exists(published), "nothing is published after a rollback");
    }
  }

  @Test
  void shutdown_waitsForACommitInProgress_andThenKeepsEverything() throws Exception {
    Rollback rollback = Rollback.alsoOnShutdown();
    Path file = rollback.create(() -> Files.createFile(temp.resolve("blob")));
    CountDownLatch publishing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread committer =
        new Thread(
            () -> {
              try {
                rollback.commit(
                    () -> {
                      publishing.countDown();
                      await(release);
                    });
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
    committer.start();
    assertTrue(publishing.await(10, TimeUnit.SECONDS));

    Thread hook = new Thread(rollback::rollBackOnShutdown);
    hook.start();
    hook.join(200);
    assertTrue(hook.isAlive(), "the hook must wait for the commit to finish");
    release.countDown();
    hook.join(10_000);
    committer.join(10_000);

    assertFalse(hook.isAlive());
    assertTrue(Files.exists(file), "a committed blob is never removed");
    rollback.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
