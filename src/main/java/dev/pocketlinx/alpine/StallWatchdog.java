package dev.pocketlinx.alpine;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * Ends a download that stopped moving: when no byte has arrived for the limit, it interrupts the
 * reading thread and closes the stream, so a server that stalls mid-body cannot hang a setup (the
 * HTTP client has no read timeout of its own once the body streams).
 */
final class StallWatchdog implements AutoCloseable {

  /** Seconds without a byte before a download is given up; a system property for tests. */
  static final String LIMIT_PROPERTY = "plx.download.stallSeconds";

  private final Closeable stream;
  private final Thread reader;
  private final long limitNanos;
  private final Thread watcher;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean fired;
  private volatile boolean closed;

  StallWatchdog(Closeable stream, Duration limit) {
    this.stream = stream;
    this.reader = Thread.currentThread();
    this.limitNanos = limit.toNanos();
    this.watcher = new Thread(this::watch, "plx-stall-watchdog");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The limit from {@value #LIMIT_PROPERTY}, 60 seconds by default. */
  static Duration configuredLimit() {
    return Duration.ofSeconds(Long.getLong(LIMIT_PROPERTY, 60));
  }

  void progress() {
    lastProgress = System.nanoTime();
  }

  boolean fired() {
    return fired;
  }

  private void watch() {
    long tick = Math.max(50_000_000L, Math.min(1_000_000_000L, limitNanos / 4));
    while (!closed) {
      try {
        Thread.sleep(tick / 1_000_000);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed && System.nanoTime() - lastProgress > limitNanos) {
        fired = true;
        reader.interrupt();
        try {
          stream.close();
        } catch (IOException e) {
          // The reader fails either way; nothing more to do here.
        }
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    watcher.interrupt();
    if (fired) {
      // Clear the interrupt meant for the read, so it does not leak into later work.
      Thread.interrupted();
    }
  }
}
