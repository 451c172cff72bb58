package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.DamagedImageException;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageConfig;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.runtime.Executables;
import dev.pocketlinx.runtime.OciRuntime;
import dev.pocketlinx.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container as the user asked for it, resolved against its image and checked, before anything is
 * written: the image and its layers, volumes, user, working directory, command line, network,
 * storage, OCI runtime and init. Every mistake a user can make in the options is found here, so
 * that a refused container never leaves a directory behind.
 */
final class ContainerPlan {

  private static final String[] INIT_CANDIDATES = {"catatonit", "tini-static", "tini"};

  final RunOptions options;
  final Image image;
  final List<Path> layersTopFirst;
  final ImageFiles files;
  final List<Volume> volumes;
  final UserSpec.Resolved user;
  final String workdir;
  final List<String> args;
  final boolean isolatedNetwork;
  final Storage storage;
  final OciRuntime runtime;

  /** Whether the default seccomp profile applies (not with --security-opt seccomp=unconfined). */
  final boolean seccomp;

  /** The host's init binary for {@code --init}; null without it. */
  final Path init;

  /** The hostname the user chose; null for the container id's short form. */
  final String hostname;

  /** Paths the runtime mounts over the image: a command there is not looked up in the image. */
  final List<String> mountPoints;

  private ContainerPlan(
      RunOptions options,
      Image image,
      List<Path> layersTopFirst,
      ImageFiles files,
      List<Volume> volumes,
      UserSpec.Resolved user,
      String workdir,
      List<String> args,
      boolean isolatedNetwork,
      Storage storage,
      OciRuntime runtime,
      boolean seccomp,
      Path init,
      String hostname) {
    this.options = options;
    this.image = image;
    this.layersTopFirst = List.copyOf(layersTopFirst);
    this.files = files;
    this.volumes = List.copyOf(volumes);
    this.user = user;
    this.workdir = workdir;
    this.args = List.copyOf(args);
    this.isolatedNetwork = isolatedNetwork;
    this.storage = storage;
    this.runtime = runtime;
    this.seccomp = seccomp;
    this.init = init;
    this.hostname = hostname;
    List<String> points = new ArrayList<>(List.of("/proc", "/dev", "/sys"));
    for (Volume volume : volumes) {
      points.add(volume.destination());
    }
    this.mountPoints = List.copyOf(points);
  }

  static ContainerPlan resolve(RunOptions options, Store store, ImageStore images)
      throws PlxException {
    // The image, its layers, and a view of its files.
    ImageSelection.Selected selected = ImageSelection.select(options.positional(), images);
    Image image = selected.image();
    Log.debug(
        "image %s (manifest %s, id %s)",
        image.reference(), image.manifestDigest(), image.id().shortHex());
    List<Path> layersTopFirst = layerDirs(store, image);
    ImageFiles files = new ImageFiles(layersTopFirst);
    ImageConfig.Config config = image.config().config();

    // Volumes: each container path once, and nothing the runtime would refuse late.
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

    // Who runs what, and where.
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

    // The host side: network, storage, runtime, init.
    boolean isolatedNetwork = isolatedNetwork(options.network());
    Storage storage = Storage.choose(options.storage(), store);
    OciRuntime runtime = OciRuntime.locate(options.runtime(), store.runtimeRoot());
    boolean seccomp = defaultSeccomp(options.securityOptions());
    Path init = options.init() ? findInit() : null;
    String hostname = options.hostname() != null ? validHostname(options.hostname()) : null;

    return new ContainerPlan(
        options,
        image,
        layersTopFirst,
        files,
        volumes,
        user,
        workdir,
        args,
        isolatedNetwork,
        storage,
        runtime,
        seccomp,
        init,
        hostname);
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

  private static List<Path> layerDirs(Store store, Image image) throws PlxException {
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
                + " is missing from the store; "
                + DamagedImageException.repairHint(image.reference()));
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
          "invalid hostname '"
              + name
              + "': use 1 to 63 letters, digits, '-' and '.', not starting with '-' or '.'");
    }
    return name;
  }

  /**
   * Docker's {@code --security-opt}, of which plx knows one value: {@code seccomp=unconfined},
   * which leaves the default seccomp profile out. Returns whether the profile applies.
   */
  static boolean defaultSeccomp(List<String> securityOptions) throws PlxException {
    boolean seccomp = true;
    for (String option : securityOptions) {
      if (!option.equals("seccomp=unconfined")) {
        throw new PlxException(
            "unsupported --security-opt '"
                + option
                + "'; the only one plx knows is seccomp=unconfined");
      }
      seccomp = false;
    }
    return seccomp;
  }
}
