package dev.pocketlinx.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: {@code plx}. Without a subcommand it prints usage. */
@Command(
    name = "plx",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "PocketLinx: a clean, isolated Alpine Linux environment, now.",
    subcommands = {
      SetupCommand.class,
      RunCommand.class,
      ImagesCommand.class,
      InfoCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeOnInvalidInput = 125,
    exitCodeOnExecutionException = 125)
public final class PlxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @CommandLine.Mixin GlobalOptions global;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
