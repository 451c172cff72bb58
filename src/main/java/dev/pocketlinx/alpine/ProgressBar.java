package dev.pocketlinx.alpine;

import dev.pocketlinx.platform.HostInfo;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line download progress bar on stderr, drawn only when stderr is a terminal: a log file or a
 * pipe gets no carriage returns.
 */
final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final String label;
  private final long total;
  private long lastDraw;
  private long done;
  private boolean drawn;

  private ProgressBar(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** A bar for a download of {@code total} bytes (-1 if unknown); silent if not a terminal. */
  static ProgressBar onStderr(String label, long total) {
    return new ProgressBar(HostInfo.isTerminal(2) ? System.err : null, label, total);
  }

  void update(long done) {
    if (out == null) {
      return;
    }
    this.done = done;
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw();
  }

  private void draw() {
    drawn = true;
    String mib = String.format(Locale.ROOT, "%.1f", done / 1048576.0);
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      String bar = "#".repeat(filled) + " ".repeat(WIDTH - filled);
      out.printf(
          Locale.ROOT,
          "\r%s [%s] %3d%% %s/%.1f MiB",
          label,
          bar,
          Math.min(100, done * 100 / total),
          mib,
          total / 1048576.0);
    } else {
      out.printf(Locale.ROOT, "\r%s %s MiB", label, mib);
    }
    out.flush();
  }

  /** Draws the final state, which the redraw interval may have skipped, and ends the line. */
  void finish() {
    if (out != null && drawn) {
      draw();
      out.println();
      out.flush();
      drawn = false;
    }
  }
}
