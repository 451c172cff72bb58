package dev.pocketlinx.log;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The diagnostics facade: every message a user did not ask for as a result goes through here to
 * stderr. Results go to stdout and never pass through this class.
 */
public final class Log {

  /** Levels from quietest to most verbose. */
  public enum Level {
    ERROR,
    WARN,
    INFO,
    DEBUG;

    public static Level parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown log level '" + text + "'; use error, warn, info or debug");
      }
    }
  }

  private static volatile Level level = Level.WARN;
  private static final PrintStream err = System.err;
  private static final long START = System.nanoTime();

  private Log() {}

  public static void setLevel(Level newLevel) {
    level = newLevel;
  }

  public static boolean debugEnabled() {
    return level.compareTo(Level.DEBUG) >= 0;
  }

  public static void warn(String format, Object... args) {
    emit(Level.WARN, format, args);
  }

  public static void info(String format, Object... args) {
    emit(Level.INFO, format, args);
  }

  public static void debug(String format, Object... args) {
    emit(Level.DEBUG, format, args);
  }

  private static void emit(Level at, String format, Object... args) {
    if (level.compareTo(at) < 0) {
      return;
    }
    String text = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    if (at == Level.DEBUG) {
      long millis = (System.nanoTime() - START) / 1_000_000;
      err.printf(Locale.ROOT, "plx[debug %5d ms] %s%n", millis, text);
    } else {
      err.println("plx: " + (at == Level.WARN ? "warning: " : "") + text);
    }
  }
}
