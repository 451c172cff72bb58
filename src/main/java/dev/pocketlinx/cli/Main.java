package dev.pocketlinx.cli;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import dev.pocketlinx.container.RunService;
import dev.pocketlinx.log.Log;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import picocli.CommandLine;

/** Entry point: builds the command tree, maps every failure to one line and an exit code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one plx command line and returns its exit code. */
  public static int execute(String... args) {
    Optional<FastRun.Parsed> fast = FastRun.parse(args);
    if (fast.isPresent()) {
      return runFast(fast.get());
    }
    CommandLine commandLine = newCommandLine();
    return commandLine.execute(args);
  }

  /** {@code plx run} without picocli: the same options and services, a faster start. */
  private static int runFast(FastRun.Parsed parsed) {
    PrintWriter err = new PrintWriter(System.err, true);
    try {
      if (parsed.logLevel() != null) {
        Log.setLevel(Log.Level.parse(parsed.logLevel()));
      }
      return new RunService(GlobalOptions.openStore(parsed.root())).run(parsed.options());
    } catch (IllegalArgumentException e) {
      err.println("plx: " + e.getMessage());
      return ExitCodes.PLX_FAILED;
    } catch (Exception e) {
      return report(e, err);
    }
  }

  static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new PlxCommand());
    commandLine.setExecutionExceptionHandler(Main::handleExecutionException);
    commandLine.setParameterExceptionHandler(Main::handleParameterException);
    commandLine.getSubcommands().get("run").setStopAtPositional(true);
    // "--log-level info images": info is the option's value here, not the info command.
    commandLine.setAllowSubcommandsAsOptionParameters(true);
    return commandLine;
  }

  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    return report(e, commandLine.getErr());
  }

  /** Prints a failure as one line (a stack trace only at debug level); returns the exit code. */
  static int report(Exception e, PrintWriter err) {
    if (e instanceof PlxException plx) {
      err.println("plx: " + plx.getMessage());
      debugTrace(err, e);
      err.flush();
      return plx.exitCode();
    }
    err.println(
        "plx: internal error: "
            + e
            + (Log.debugEnabled() ? "" : " (run with --log-level debug for details)"));
    debugTrace(err, e);
    err.flush();
    return ExitCodes.PLX_FAILED;
  }

  private static void debugTrace(PrintWriter err, Exception e) {
    if (Log.debugEnabled()) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    String command = failed.getCommandSpec().qualifiedName(" ");
    String message = e.getMessage();
    if (!message.isEmpty()) {
      message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
    failed.getErr().println("plx: " + message + "; see '" + command + " --help'");
    failed.getErr().flush();
    return ExitCodes.PLX_FAILED;
  }
}
