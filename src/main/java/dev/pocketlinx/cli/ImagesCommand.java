package dev.pocketlinx.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "images", mixinStandardHelpOptions = true)
public final class ImagesCommand implements Callable<Integer> {

  @ParentCommand PlxCommand plx;

  @Override
  public Integer call() throws Exception {
    plx.global.openStore();
    return 0;
  }
}
