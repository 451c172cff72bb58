package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How a container gets its own root file system (DESIGN.md, decision 3).
 *
 * <p>OVERLAY: the image's layers as read-only lower directories, {@code upper/} and
 * {@code work/} in the container's directory. The overlay is mounted in a private mount
 * namespace made just for the runtime, so the mount disappears with the container, even when
 * plx is killed, and no host mount table ever holds it.
 *
 * <p>COPY: a full copy of the layers into {@code rootfs/}, where overlayfs is missing.
 */
public enum Storage {
  OVERLAY,
  COPY;

  /** Remembers, per store, that overlay mounts failed here, so later runs copy at once. */
  private static final String FALLBACK_FILE = "storage-driver";

  private static final String MOUNT_SCRIPT =
      "mount -t overlay overlay -o \"$1\" \"$2\" 2>\"$3\" || exit 125; : >\"$4\"; shift 4; "
          + "exec \"$@\"";

  public static Storage parse(String text) throws PlxException {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PlxException("unknown storage '" + text + "'; use overlay or copy");
    }
  }

  /** The storage asked for, or the best the host offers. */
  public static Storage choose(String requested, Store store) throws PlxException {
    if (requested != null) {
      return parse(requested);
    }
    Path fallback = store.root().resolve(FALLBACK_FILE);
    if (Files.exists(fallback) || !HostInfo.overlaySupported() || !overlaySafe(store.root())) {
      return COPY;
    }
    return OVERLAY;
  }

  /** Records that overlay does not work with this store. */
  static void rememberOverlayFailed(Path storeRoot) {
    try {
      Store.writeAtomically(storeRoot.resolve(FALLBACK_FILE), "copy\n".getBytes());
    } catch (IOException e) {
      Log.debug("cannot record the storage fallback: %s", e.getMessage());
    }
  }

  /** overlayfs splits its options on ',' and ':'; a store path with them cannot be used. */
  private static boolean overlaySafe(Path root) {
    String text = root.toString();
    return text.indexOf(',') < 0 && text.indexOf(':') < 0 && text.indexOf('\\') < 0;
  }

  /**
   * The command that mounts the overlay in a new private mount namespace and then becomes the
   * runtime (exec), so the runtime's pid is the one plx started.
   */
  static List<String> overlayLauncher(
      ContainerDir dir, List<Path> layersTopFirst, List<String> runtimeCommand)
      throws IOException {
    Files.createDirectories(dir.upper());
    Files.createDirectories(dir.work());
    Files.createDirectories(dir.rootfs());
    StringBuilder lower = new StringBuilder();
    for (Path layer : layersTopFirst) {
      if (lower.length() > 0) {
        lower.append(':');
      }
      lower.append(layer);
    }
    String options = "lowerdir=" + lower + ",upperdir=" + dir.upper() + ",workdir=" + dir.work();
    List<String> command = new ArrayList<>(List.of(
        "unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", MOUNT_SCRIPT,
        "plx-mount", options, dir.rootfs().toString(), dir.mountErrors().toString(),
        dir.mountedMarker().toString()));
    command.addAll(runtimeCommand);
    return command;
  }

  /** Copies the layers, bottom first, into the container's rootfs, keeping owners and modes. */
  static void copyLayers(ContainerDir dir, List<Path> layersBottomFirst) throws PlxException {
    try {
      Files.createDirectories(dir.rootfs());
      for (Path layer : layersBottomFirst) {
        java.lang.Process cp = new ProcessBuilder(
                "cp", "-a", "--reflink=auto", layer + "/.", dir.rootfs() + "/")
            .redirectErrorStream(true)
            .start();
        String output = new String(cp.getInputStream().readAllBytes());
        if (!cp.waitFor(10, TimeUnit.MINUTES) || cp.exitValue() != 0) {
          throw new PlxException("cannot copy layer " + layer.getFileName() + " into container "
              + dir.id().shortId() + ": " + output.strip());
        }
      }
    } catch (IOException e) {
      throw new PlxException("cannot copy the image into container " + dir.id().shortId() + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlxException("interrupted while copying the image", e);
    }
  }
}
