package dev.pocketlinx.container;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import dev.pocketlinx.bundle.BundleRequest;
import dev.pocketlinx.bundle.Defaults;
import dev.pocketlinx.bundle.Spec;
import dev.pocketlinx.bundle.SpecBuilder;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageConfig;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.runtime.Executables;
import dev.pocketlinx.runtime.OciRuntime;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code plx run}: a throw-away container in the foreground. Resolves the image and options, writes
 * the bundle, runs the OCI runtime with the terminal's stdio, and removes every trace of the
 * container when it ends, whatever way it ends.
 */
public final class RunService {

  /** Where {@code --init} is mounted: on /dev's tmpfs, so nothing is written into the rootfs. */
  static final String INIT_PATH = "/dev/init";

  private static final String[] INIT_CANDIDATES = {"catatonit", "tini-static", "tini"};

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

    // The image, its layers, and a view of its files.
    ImageSelection.Selected selected = ImageSelection.select(options.positional(), images);
    Image image = selected.image();
    Log.debug(
        "image %s (manifest %s, id %s)",
        image.reference(), image.manifestDigest(), image.id().shortHex());
    List<Path> layersTopFirst = layerDirs(image);
    ImageFiles files = new ImageFiles(layersTopFirst);
    ImageConfig.Config config = image.config().config();

    // Everything the spec needs, resolved before anything is written.
    Path cwd = Path.of("").toAbsolutePath();
    List<Volume> volumes = new ArrayList<>();
    for (String text : options.volumes()) {
      Volume volume = Volume.parse(text, cwd);
      for (Volume earlier : volumes) {
        if (earlier.destination().equals(volume.destination())) {
          throw new PlxException(
              "two volumes are mounted at "
                  + volume.destination()
                  + "; give each container path once");
        }
      }
      volumes.add(volume);
    }
    checkMountTargets(volumes, files);
    UserSpec.Resolved user =
        UserSpec.resolve(options.user() != null ? options.user() : config.user(), files);
    String workdir = workdir(options.workdir(), config.workingDir());
    Optional<Path> existingWorkdir = files.resolve(workdir);
    if (existingWorkdir.isPresent() && !Files.isDirectory(existingWorkdir.get())) {
      throw new PlxException(
          "working directory "
              + workdir
              + " is a file in image "
              + image.reference()
              + "; give a directory with -w");
    }
    List<String> args = arguments(options, config, selected.command(), image);
    boolean isolatedNetwork = isolatedNetwork(options.network());
    Storage storage = Storage.choose(options.storage(), store);
    OciRuntime runtime = OciRuntime.locate(options.runtime(), store.runtimeRoot());
    Path init = options.init() ? findInit() : null;
    String chosenHostname = options.hostname() != null ? validHostname(options.hostname()) : null;

    List<String> mountPoints = new ArrayList<>(List.of("/proc", "/dev", "/sys"));
    for (Volume volume : volumes) {
      mountPoints.add(volume.destination());
    }

    // From here on a container directory exists; leaving this block in any way removes it.
    try (SignalForwarder signals = new SignalForwarder(runtime);
        Containers.Held held = Containers.create(store)) {
      ContainerDir dir = held.dir();
      String hostname = chosenHostname != null ? chosenHostname : dir.id().shortId();
      Environment env = environment(options, config, hostname, user.home());
      CommandCheck.check(args.get(0), env.get("PATH"), workdir, mountPoints, files);
      Log.debug("container %s in %s, storage %s", dir.id(), dir.path(), storage);

      // The bundle: /etc files, init, volumes, the root file system, config.json.
      List<Spec.Mount> mounts = new ArrayList<>(EtcFiles.write(dir, hostname, isolatedNetwork));
      if (init != null) {
        mounts.add(
            new Spec.Mount(
                INIT_PATH, "bind", init.toString(), List.of("bind", "ro", "nosuid", "nodev")));
        List<String> withInit = new ArrayList<>(List.of(INIT_PATH, "--"));
        withInit.addAll(args);
        args = withInit;
      }
      for (Volume volume : volumes) {
        mounts.add(
            Spec.Mount.bind(volume.source().toString(), volume.destination(), volume.readonly()));
      }

      Spec.Mount rootfsMount =
          storage == Storage.OVERLAY ? Storage.overlayRoot(dir, layersTopFirst) : null;
      BundleRequest request =
          new BundleRequest(
              "rootfs",
              rootfsMount,
              options.readOnly(),
              args,
              env.toList(),
              workdir,
              user.user(),
              options.tty(),
              hostname,
              isolatedNetwork,
              mounts,
              "/pocketlinx-" + dir.id(),
              nofileHardLimit());
      Spec spec = SpecBuilder.build(request);
      Store.writeAtomically(dir.config(), Json.write(spec).getBytes(StandardCharsets.UTF_8));

      if (storage == Storage.COPY) {
        Storage.copyLayers(dir, reversed(layersTopFirst));
      }
      List<String> command = runtime.runCommand(dir.id().value(), dir.path(), dir.runtimeLog());
      Log.debug("prepared in %d ms", (System.nanoTime() - started) / 1_000_000);

      // The run itself, unless a signal came while it was being prepared.
      if (signals.firstSignal() != 0) {
        Log.debug("signal %d before the container started; not starting it", signals.firstSignal());
        return ExitCodes.SIGNAL_BASE + signals.firstSignal();
      }
      // The metadata is written while the runtime starts, off the path to the user's command.
      List<String> finalArgs = args;
      int status =
          ForegroundRuntime.start(
              command,
              options.interactive(),
              signals,
              dir,
              () -> writeMetadata(dir, image, finalArgs, runtime, storage));
      try {
        return ForegroundRuntime.exitCode(status, storage, dir, options, runtime);
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

  /**
   * Refuses volumes the runtime would refuse only after printing its own error: over the kernel's
   * file systems, or a directory over a file of the image and the other way round.
   */
  private static void checkMountTargets(List<Volume> volumes, ImageFiles files)
      throws PlxException {
    for (Volume volume : volumes) {
      String target = volume.destination();
      if (target.equals("/dev")
          || target.equals("/proc")
          || target.startsWith("/proc/")
          || target.equals("/sys")
          || target.startsWith("/sys/")) {
        throw new PlxException(
            "cannot mount a volume at "
                + target
                + ": the container's "
                + "kernel file systems are mounted there; choose another container path");
      }
      Optional<Path> existing = files.resolve(target);
      if (existing.isPresent()
          && Files.isDirectory(existing.get()) != Files.isDirectory(volume.source())) {
        throw new PlxException(
            "cannot mount "
                + volume.source()
                + " at "
                + target
                + ": one is "
                + "a directory and the other a file; mount a "
                + (Files.isDirectory(existing.get()) ? "directory" : "file")
                + " there");
      }
    }
  }

  private List<Path> layerDirs(Image image) throws PlxException {
    List<Path> dirs = new ArrayList<>();
    List<Digest> diffIds = image.diffIds();
    for (int i = diffIds.size() - 1; i >= 0; i--) {
      Path dir = store.layerPath(diffIds.get(i));
      if (!Files.isDirectory(dir)) {
        throw new PlxException(
            "layer "
                + diffIds.get(i).shortHex()
                + " of image "
                + image.reference()
                + " is missing from the store; run 'plx setup' again");
      }
      dirs.add(dir);
    }
    if (dirs.isEmpty()) {
      throw new PlxException("image " + image.reference() + " has no layers");
    }
    return dirs;
  }

  private static String workdir(String option, String imageWorkdir) throws PlxException {
    String workdir =
        option != null
            ? option
            : imageWorkdir != null && !imageWorkdir.isEmpty() ? imageWorkdir : "/";
    if (!workdir.startsWith("/")) {
      throw new PlxException("working directory '" + workdir + "' must be an absolute path");
    }
    return workdir;
  }

  /** Docker's rule: an entrypoint given on the command line also drops the image's Cmd. */
  private static List<String> arguments(
      RunOptions options, ImageConfig.Config config, List<String> command, Image image)
      throws PlxException {
    List<String> args = new ArrayList<>();
    if (options.entrypoint() != null) {
      if (!options.entrypoint().isEmpty()) {
        args.add(options.entrypoint());
      }
    } else if (config.entrypoint() != null) {
      args.addAll(config.entrypoint());
    }
    if (!command.isEmpty()) {
      args.addAll(command);
    } else if (options.entrypoint() == null && config.cmd() != null) {
      args.addAll(config.cmd());
    }
    if (args.isEmpty()) {
      throw new PlxException(
          "no command given and image "
              + image.reference()
              + " has no default command; name one after the image");
    }
    return args;
  }

  private static boolean isolatedNetwork(String network) throws PlxException {
    if (network == null || network.equals("host")) {
      return false;
    }
    if (network.equals("none")) {
      return true;
    }
    throw new PlxException("unknown network '" + network + "'; use host or none");
  }

  private static Environment environment(
      RunOptions options, ImageConfig.Config config, String hostname, String home)
      throws PlxException {
    Environment env = new Environment(System.getenv());
    env.addAll(config.env(), "the image config");
    for (String file : options.envFiles()) {
      env.addFile(Path.of(file));
    }
    env.addAll(options.env(), "-e");
    env.putIfAbsent("PATH", Defaults.PATH.substring("PATH=".length()));
    env.putIfAbsent("HOSTNAME", hostname);
    env.putIfAbsent("HOME", home);
    if (options.tty()) {
      env.putIfAbsent("TERM", "xterm");
    }
    return env;
  }

  private static Path findInit() throws PlxException {
    for (String name : INIT_CANDIDATES) {
      Optional<Path> found = Executables.find(name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new PlxException(
        "--init needs catatonit or tini on the host; install one "
            + "(Debian: apt-get install catatonit)");
  }

  private static void writeMetadata(
      ContainerDir dir, Image image, List<String> args, OciRuntime runtime, Storage storage)
      throws IOException {
    Files.writeString(dir.path().resolve("runtime"), runtime.binary().toString());
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

  /**
   * A host name the kernel takes (at most 64 bytes) and resolvers accept: letters, digits, '-' and
   * '.', not starting with '-' or '.'.
   */
  static String validHostname(String name) throws PlxException {
    boolean valid =
        !name.isEmpty() && name.length() <= 63 && name.charAt(0) != '-' && name.charAt(0) != '.';
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.';
    }
    if (!valid) {
      throw new PlxException(
          "invalid hostname '" + name + "': use 1 to 63 letters, digits, " + "'-' and '.'");
    }
    return name;
  }

  /** The hard limit of open files plx runs with; the container may not be given more. */
  private static long nofileHardLimit() {
    try {
      // "Max open files            <soft>               <hard>               files"
      String limits = Files.readString(Path.of("/proc/self/limits"));
      int line = limits.indexOf("Max open files");
      if (line >= 0) {
        String[] fields =
            limits
                .substring(line + "Max open files".length(), limits.indexOf('\n', line))
                .trim()
                .split(" ");
        String hard = null;
        int seen = 0;
        for (String field : fields) {
          if (!field.isEmpty() && ++seen == 2) {
            hard = field;
          }
        }
        return hard == null || hard.equals("unlimited") ? -1 : Long.parseLong(hard);
      }
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot read the open-files limit: %s", e.getMessage());
    }
    return -1;
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
