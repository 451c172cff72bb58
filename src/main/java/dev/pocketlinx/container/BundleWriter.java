package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.bundle.BundleRequest;
import dev.pocketlinx.bundle.Defaults;
import dev.pocketlinx.bundle.Spec;
import dev.pocketlinx.bundle.SpecBuilder;
import dev.pocketlinx.image.ImageConfig;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a planned container's OCI bundle into its directory: the /etc files, the mounts, the root
 * file system and {@code config.json}. What is written depends only on the plan and the container
 * id, so a container started in the foreground and one started later are made the same way.
 */
final class BundleWriter {

  /** Where {@code --init} is mounted: on /dev's tmpfs, so nothing is written into the rootfs. */
  static final String INIT_PATH = "/dev/init";

  private BundleWriter() {}

  /** Writes the bundle and returns the arguments of the container's process, init included. */
  static List<String> write(ContainerPlan plan, ContainerDir dir) throws PlxException, IOException {
    String hostname = plan.hostname != null ? plan.hostname : dir.id().shortId();
    Environment env =
        environment(plan.options, plan.image.config().config(), hostname, plan.user.home());
    CommandCheck.check(
        plan.args.get(0), env.get("PATH"), plan.workdir, plan.mountPoints, plan.files);
    Log.debug(
        "container %s in %s, storage %s, seccomp %s",
        dir.id(), dir.path(), plan.storage, plan.seccomp ? "default" : "unconfined");

    // The mounts: /etc files, init, volumes.
    List<Spec.Mount> mounts = new ArrayList<>(EtcFiles.write(dir, hostname, plan.isolatedNetwork));
    List<String> args = plan.args;
    if (plan.init != null) {
      mounts.add(
          new Spec.Mount(
              INIT_PATH, "bind", plan.init.toString(), List.of("bind", "ro", "nosuid", "nodev")));
      List<String> withInit = new ArrayList<>(List.of(INIT_PATH, "--"));
      withInit.addAll(args);
      args = withInit;
    }
    for (Volume volume : plan.volumes) {
      mounts.add(
          Spec.Mount.bind(volume.source().toString(), volume.destination(), volume.readonly()));
    }

    // The spec, then the root file system it points at.
    Spec.Mount rootfsMount =
        plan.storage == Storage.OVERLAY ? Storage.overlayRoot(dir, plan.layersTopFirst) : null;
    BundleRequest request =
        new BundleRequest(
            "rootfs",
            rootfsMount,
            plan.options.readOnly(),
            args,
            env.toList(),
            plan.workdir,
            plan.user.user(),
            plan.options.tty(),
            hostname,
            plan.isolatedNetwork,
            mounts,
            "/pocketlinx-" + dir.id(),
            nofileHardLimit(),
            plan.seccomp,
            HostInfo.ociArchitecture());
    Spec spec = SpecBuilder.build(request);
    Store.writeAtomically(dir.config(), Json.write(spec).getBytes(StandardCharsets.UTF_8));
    if (plan.storage == Storage.COPY) {
      Storage.copyLayers(dir, reversed(plan.layersTopFirst));
    }
    return args;
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
