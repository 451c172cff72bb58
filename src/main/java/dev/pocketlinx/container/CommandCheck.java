package dev.pocketlinx.container;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the command in the image before the container starts, so that a missing or non-executable
 * command gets Docker's exit code (127, 126) and one clear line, instead of the runtime's own
 * failure. Paths under a volume or a kernel file system are left to the runtime.
 */
public final class CommandCheck {

  private CommandCheck() {}

  public static void check(
      String command, String path, String cwd, List<String> mountPoints, ImageFiles files)
      throws PlxException {
    if (command.contains("/")) {
      String absolute = command.startsWith("/") ? command : cwd + "/" + command;
      if (!underMount(absolute, mountPoints)) {
        checkFile(command, files.resolve(absolute), true);
      }
      return;
    }
    boolean sawNonExecutable = false;
    for (String dir : (path == null ? "" : path).split(":")) {
      if (dir.isEmpty() || !dir.startsWith("/")) {
        continue;
      }
      String candidate = dir + "/" + command;
      if (underMount(candidate, mountPoints)) {
        return;
      }
      Optional<Path> file = files.resolve(candidate);
      if (file.isPresent() && Files.isRegularFile(file.get())) {
        if (Files.isExecutable(file.get())) {
          return;
        }
        sawNonExecutable = true;
      }
    }
    if (sawNonExecutable) {
      throw new PlxException(
          "cannot execute '" + command + "': permission denied", ExitCodes.CANNOT_EXECUTE, null);
    }
    String hint = command.startsWith("-") ? "; options go before the image and the command" : "";
    throw new PlxException(
        "command '" + command + "' not found in the image's PATH (" + path + ")" + hint,
        ExitCodes.NOT_FOUND,
        null);
  }

  private static void checkFile(String command, Optional<Path> file, boolean explicit)
      throws PlxException {
    if (file.isEmpty()) {
      throw new PlxException(
          "command '" + command + "' not found in the image", ExitCodes.NOT_FOUND, null);
    }
    if (Files.isDirectory(file.get())) {
      throw new PlxException(
          "cannot execute '" + command + "': it is a directory", ExitCodes.CANNOT_EXECUTE, null);
    }
    if (!Files.isExecutable(file.get())) {
      throw new PlxException(
          "cannot execute '" + command + "': permission denied", ExitCodes.CANNOT_EXECUTE, null);
    }
  }

  private static boolean underMount(String path, List<String> mountPoints) {
    String normalized = Path.of(path).normalize().toString();
    for (String mount : mountPoints) {
      String prefix = mount.endsWith("/") ? mount : mount + "/";
      if (normalized.equals(mount) || normalized.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
