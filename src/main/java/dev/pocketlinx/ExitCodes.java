package dev.pocketlinx;

/** Exit codes as docker users expect them (DESIGN.md, decision 7). */
public final class ExitCodes {

  /** plx itself failed: bad input, missing image, runtime error. */
  public static final int PLX_FAILED = 125;

  /** The command was found but cannot be executed. */
  public static final int CANNOT_EXECUTE = 126;

  /** The command was not found. */
  public static final int NOT_FOUND = 127;

  /** Added to the signal number when the command died of a signal. */
  public static final int SIGNAL_BASE = 128;

  private ExitCodes() {}
}
