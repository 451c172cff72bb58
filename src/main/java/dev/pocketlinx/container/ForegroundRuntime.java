package dev.pocketlinx.container;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.runtime.OciRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The OCI runtime running a container in the foreground, with the terminal's stdio, and how its end
 * becomes plx's exit code: the command's own status, or 125, 126 or 127 when the runtime could not
 * start it (DESIGN.md, decision 7).
 */
final class ForegroundRuntime {

  private ForegroundRuntime() {}

  /** Work done once the runtime has been started. */
  @FunctionalInterface
  interface WhileStarting {
    void run() throws IOException;
  }

  static int start(
      List<String> command,
      boolean interactive,
      SignalForwarder signals,
      ContainerDir dir,
      WhileStarting whileStarting)
      throws IOException {
    Log.debug("exec %s", String.join(" ", command));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(
                interactive && !HostInfo.stdinWasClosed()
                    ? ProcessBuilder.Redirect.INHERIT
                    : ProcessBuilder.Redirect.from(new File("/dev/null")));
    java.lang.Process process = builder.start();
    signals.attach(dir.id().value(), process);
    try {
      whileStarting.run();
    } catch (IOException e) {
      Log.warn("cannot write the metadata of container %s: %s", dir.id().shortId(), e.getMessage());
    }
    while (true) {
      try {
        return process.waitFor();
      } catch (InterruptedException e) {
        // Keep waiting: the container is ended by signals, never by abandoning it.
        Thread.interrupted();
      }
    }
  }

  /**
   * How runc reports that the root overlay could not be mounted (its rootfs_linux.go: "error
   * mounting %q to rootfs at %q"). Only this falls back to copying: any other error that merely
   * mentions overlay, such as a command of that name not found, is the user's to see.
   */
  static final String OVERLAY_MOUNT_FAILED = "error mounting \"overlay\" to rootfs at \"/\"";

  static int exitCode(
      int status, Storage storage, ContainerDir dir, RunOptions options, OciRuntime runtime)
      throws PlxException {
    if (!Files.exists(dir.runtimeLog())) {
      // Every runtime-spec runtime plx drives opens its --log file first thing.
      throw new PlxException(
          "the OCI runtime "
              + runtime.binary()
              + " exited with status "
              + status
              + " without starting the container; check it, or choose another with "
              + "--runtime");
    }
    Optional<String> error = OciRuntime.lastError(dir.runtimeLog());
    if (error.isEmpty()) {
      return status;
    }
    String message = error.get();
    if (storage == Storage.OVERLAY && message.contains(OVERLAY_MOUNT_FAILED)) {
      if (options.storage() == null) {
        Storage.rememberOverlayFailed(dir.path().getParent().getParent());
        throw new OverlayUnavailableException(
            "cannot mount an overlay root here (" + message + ")");
      }
      throw new PlxException(
          "cannot mount the overlay root file system (" + message + "); run with --storage copy");
    }
    throw new PlxException(message, exitCodeFor(message), null);
  }

  /**
   * The exit code for an error the runtime reported. Only a failure to start the command itself is
   * 127 or 126 (runc: 'exec: "cmd": ...'); any other error of the runtime, say a working directory
   * it cannot make, is plx's 125.
   */
  static int exitCodeFor(String message) {
    int code = ExitCodes.PLX_FAILED;
    boolean exec = message.contains("exec: \"");
    if (message.contains("executable file not found")
        || (exec && message.contains("no such file or directory"))) {
      code = ExitCodes.NOT_FOUND;
    } else if (message.contains("exec format error")
        || (exec
            && (message.contains("permission denied") || message.contains("is a directory")))) {
      code = ExitCodes.CANNOT_EXECUTE;
    }
    return code;
  }

  /** The overlay could not be mounted where plx chose it by itself. */
  static final class OverlayUnavailableException extends PlxException {
    OverlayUnavailableException(String message) {
      super(message);
    }
  }
}
