package dev.pocketlinx.runtime;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.JsonException;
import dev.pocketlinx.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An OCI runtime binary (runc by default; crun, youki or runsc by name or path) driven through its
 * command line. Its state lives under the store ({@code --root}), so stores stay apart.
 */
public final class OciRuntime {

  public static final String DEFAULT = "runc";

  private final Path binary;
  private final Path stateRoot;

  private OciRuntime(Path binary, Path stateRoot) {
    this.binary = binary;
    this.stateRoot = stateRoot;
  }

  /** Finds a runtime by name on PATH (and the usual sbin directories) or by path. */
  public static OciRuntime locate(String nameOrPath, Path stateRoot) throws PlxException {
    if (nameOrPath != null && nameOrPath.isBlank()) {
      throw new PlxException(
          "--runtime is empty; name a runtime or its path, or leave --runtime out for " + DEFAULT);
    }
    String wanted = nameOrPath == null ? DEFAULT : nameOrPath;
    Optional<Path> found = Executables.find(wanted);
    if (found.isEmpty() && wanted.contains("/") && java.nio.file.Files.exists(Path.of(wanted))) {
      throw new PlxException(
          "OCI runtime '"
              + wanted
              + "' is not an executable file; name a "
              + "runtime binary with --runtime NAME|PATH");
    }
    if (found.isEmpty()) {
      throw new PlxException(
          "OCI runtime '"
              + wanted
              + "' not found; install it (Debian: "
              + "apt-get install runc) or name one with --runtime NAME|PATH");
    }
    return new OciRuntime(found.get(), stateRoot);
  }

  public Path binary() {
    return binary;
  }

  public String name() {
    return binary.getFileName().toString();
  }

  /** The first line of {@code <runtime> --version}, or why it could not be read. */
  public String version() {
    try {
      java.lang.Process process =
          new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private List<String> base(Path logFile) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--root", stateRoot.toString()));
    if (logFile != null) {
      command.addAll(List.of("--log", logFile.toString(), "--log-format", "json"));
    }
    return command;
  }

  /** The command line that runs a container in the foreground until its process exits. */
  public List<String> runCommand(String containerId, Path bundle, Path logFile) {
    List<String> command = base(logFile);
    command.addAll(List.of("run", "--bundle", bundle.toString(), containerId));
    return command;
  }

  /** Sends a signal to the container's process; false when the runtime refused. */
  public boolean kill(String containerId, String signal) {
    List<String> command = base(null);
    command.addAll(List.of("kill", containerId, signal));
    return quietly(command) == 0;
  }

  /** Removes the container from the runtime, killing it first if it still runs. */
  public boolean delete(String containerId) {
    List<String> command = base(null);
    command.addAll(List.of("delete", "--force", containerId));
    return quietly(command) == 0;
  }

  /** Whether the runtime still keeps state for this container. */
  public boolean hasState(String containerId) {
    return Files.exists(stateRoot.resolve(containerId));
  }

  /**
   * The last error the runtime logged (its JSON log, one object per line), without the runtime's
   * own prefix; empty when it logged none.
   */
  public static Optional<String> lastError(Path logFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    String error = null;
    for (String line : lines) {
      try {
        Map<String, Object> entry = Json.parseObject(line);
        if ("error".equals(entry.get("level")) || "fatal".equals(entry.get("level"))) {
          error = Json.string(entry, "msg");
        }
      } catch (JsonException e) {
        Log.debug("runtime log line is not JSON: %s", line);
      }
    }
    if (error == null) {
      return Optional.empty();
    }
    for (String prefix : List.of("runc run failed: ", "runc create failed: ")) {
      if (error.startsWith(prefix)) {
        error = error.substring(prefix.length());
      }
    }
    return Optional.of(error);
  }

  private static int quietly(List<String> command) {
    Log.debug("exec %s", String.join(" ", command));
    try {
      java.lang.Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      Log.debug("cannot run %s: %s", command.get(0), e.getMessage());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
