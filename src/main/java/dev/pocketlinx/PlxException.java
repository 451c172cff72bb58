package dev.pocketlinx;

/**
 * The one error type the engine throws to the command line. Its message is a single line that says
 * what failed, for which object, and what to do next; the CLI prints it as {@code plx: ...} and
 * exits with {@link #exitCode()}.
 */
public class PlxException extends Exception {

  private final int exitCode;

  public PlxException(String message) {
    this(message, ExitCodes.PLX_FAILED, null);
  }

  public PlxException(String message, Throwable cause) {
    this(message, ExitCodes.PLX_FAILED, cause);
  }

  public PlxException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
