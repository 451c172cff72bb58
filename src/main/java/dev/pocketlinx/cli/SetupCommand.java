package dev.pocketlinx.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code plx setup}: fetch and verify the Alpine minirootfs and register it as an image. */
@Command(name = "setup", mixinStandardHelpOptions = true,
    description = "Fetch Alpine Linux's minirootfs, verify it, and register it as an image.")
public final class SetupCommand implements Callable<Integer> {

  @ParentCommand PlxCommand plx;

  @Override
  public Integer call() throws Exception {
    plx.global.openStore();
    return 0;
  }
}
