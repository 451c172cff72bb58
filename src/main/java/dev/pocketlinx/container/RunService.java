package dev.pocketlinx.container;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.runtime.OciRuntime;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code plx run}: a throw-away container in the foreground. Resolves the image and options, writes
 * the bundle, runs the OCI runtime with the terminal's stdio, and removes every trace of the
 * container when it ends, whatever way it ends.
 */
public final class RunService {

  private final Store store;
  private final ImageStore images;

  public RunService(Store store) {
    this.store = store;
    this.images = new ImageStore(store);
  }

  /** Runs the container and returns the exit code plx should exit with. */
  public int run(RunOptions options) throws PlxException {
    try {
      return runOnce(options);
    } catch (ForegroundRuntime.OverlayUnavailableException e) {
      // The overlay is mounted before the command starts, so running again is safe.
      Log.warn("%s; this store copies images from now on", e.getMessage());
      return runOnce(options.withStorage("copy"));
    }
  }

  private int runOnce(RunOptions options) throws PlxException {
    long started = System.nanoTime();
    if (HostInfo.effectiveUid() != 0) {
      throw new PlxException(
          "plx run needs root for now (rootless containers are not "
              + "supported yet); run it as root, for example with sudo");
    }
    if (options.tty() && !HostInfo.isTerminal(0)) {
      throw new PlxException(
          "-t needs a terminal on stdin, and stdin is not one; "
              + "leave out -t (use -i alone to pipe input)");
    }
    ContainerPlan plan = ContainerPlan.resolve(options, store, images);
    OciRuntime runtime = plan.runtime;

    // From here on a container directory exists; leaving this block in any way removes it.
    try (SignalForwarder signals = new SignalForwarder(runtime);
        Containers.Held held = Containers.create(store)) {
      ContainerDir dir = held.dir();
      List<String> args = BundleWriter.write(plan, dir);
      List<String> command = runtime.runCommand(dir.id().value(), dir.path(), dir.runtimeLog());
      Log.debug("prepared in %d ms", (System.nanoTime() - started) / 1_000_000);

      // The run itself, unless a signal came while it was being prepared.
      if (signals.firstSignal() != 0) {
        Log.debug("signal %d before the container started; not starting it", signals.firstSignal());
        return ExitCodes.SIGNAL_BASE + signals.firstSignal();
      }
      // The metadata is written while the runtime starts, off the path to the user's command.
      int status =
          ForegroundRuntime.start(
              command,
              options.interactive(),
              signals,
              dir,
              () -> writeMetadata(dir, plan.image, args, runtime, plan.storage));
      try {
        return ForegroundRuntime.exitCode(status, plan.storage, dir, options, runtime);
      } finally {
        if (runtime.hasState(dir.id().value())) {
          runtime.delete(dir.id().value());
        }
        Log.debug(
            "container %s ended with %d after %d ms",
            dir.id().shortId(), status, (System.nanoTime() - started) / 1_000_000);
      }
    } catch (IOException e) {
      throw new PlxException("cannot run the container: " + e.getMessage(), e);
    }
  }

  private static void writeMetadata(
      ContainerDir dir, Image image, List<String> args, OciRuntime runtime, Storage storage)
      throws IOException {
    Files.writeString(dir.runtimeFile(), runtime.binary().toString());
    String json =
        Json.write(
            Json.object(
                "id", dir.id().value(),
                "image", image.reference().toString(),
                "imageId", image.id().toString(),
                "createdMillis", System.currentTimeMillis(),
                "command", args,
                "runtime", runtime.binary().toString(),
                "storage", storage.name().toLowerCase(java.util.Locale.ROOT)));
    Store.writeAtomically(dir.metadata(), json.getBytes(StandardCharsets.UTF_8));
  }
}
