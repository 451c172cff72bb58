package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.bundle.Spec;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.store.DiskFull;
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
 * <p>OVERLAY: the image's layers as read-only lower directories, {@code upper/} and {@code work/}
 * in the container's directory, mounted by the runtime (see {@link #overlayRoot}).
 *
 * <p>COPY: a full copy of the layers into {@code rootfs/}, where overlayfs is missing.
 */
public enum Storage {
  OVERLAY,
  COPY;

  /** Remembers, per store, that overlay mounts failed here, so later runs copy at once. */
  private static final String FALLBACK_FILE = "storage-driver";

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
    if (Files.exists(fallback) || !HostInfo.overlaySupported()) {
      return COPY;
    }
    if (!overlaySafe(store.root())) {
      Log.warn(
          "the store path %s has a character overlayfs options cannot carry (, : \\ \" ');"
              + " this store copies images from now on",
          store.root());
      rememberOverlayFailed(store.root());
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

  /**
   * overlayfs splits its options on ',' and ':' and the kernel's option parser treats quotes
   * specially; a store path with any of them cannot be named in the options.
   */
  static boolean overlaySafe(Path root) {
    String text = root.toString();
    for (char c : new char[] {',', ':', '\\', '"', '\''}) {
      if (text.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The overlay as the spec's first mount, over "/": the runtime mounts it on the bundle's empty
   * {@code rootfs/} inside the container's own mount namespace, so no host mount table ever holds
   * it and it is gone with the container, even when plx is killed. Each layer path and the store's
   * path were checked to hold no ',' or ':', which overlayfs would split on.
   */
  static Spec.Mount overlayRoot(ContainerDir dir, List<Path> layersTopFirst) throws IOException {
    Files.createDirectories(dir.upper());
    Files.createDirectories(dir.work());
    Files.createDirectories(dir.rootfs());
    StringBuilder lower = new StringBuilder("lowerdir=");
    for (int i = 0; i < layersTopFirst.size(); i++) {
      if (i > 0) {
        lower.append(':');
      }
      lower.append(layersTopFirst.get(i));
    }
    List<String> options =
        new ArrayList<>(
            List.of(lower.toString(), "upperdir=" + dir.upper(), "workdir=" + dir.work()));
    if (HostInfo.kernelAtLeast(5, 10)) {
      // No syncs of the upper directory, at mount or when the container ends (measured: 2 ms
      // of each run): it is thrown away with the container, and after a crash the reaper
      // deletes it rather than mount it again, which is all "volatile" gives up.
      options.add("volatile");
    }
    return new Spec.Mount("/", "overlay", "overlay", options);
  }

  /** Copies the layers, bottom first, into the container's rootfs, keeping owners and modes. */
  static void copyLayers(ContainerDir dir, List<Path> layersBottomFirst) throws PlxException {
    try {
      Files.createDirectories(dir.rootfs());
      for (Path layer : layersBottomFirst) {
        java.lang.Process cp =
            new ProcessBuilder("cp", "-a", "--reflink=auto", layer + "/.", dir.rootfs() + "/")
                .redirectErrorStream(true)
                .start();
        String output = new String(cp.getInputStream().readAllBytes());
        if (!cp.waitFor(10, TimeUnit.MINUTES) || cp.exitValue() != 0) {
          if (DiskFull.isNoSpace(output)) {
            throw DiskFull.error(
                dir.path().getParent().getParent(), "a copy of the image (--storage copy)", null);
          }
          String first = output.strip().lines().findFirst().orElse("exit " + cp.exitValue());
          throw new PlxException(
              "cannot copy layer "
                  + layer.getFileName()
                  + " into container "
                  + dir.id().shortId()
                  + ": "
                  + first);
        }
      }
    } catch (IOException e) {
      throw new PlxException(
          "cannot copy the image into container " + dir.id().shortId() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlxException("interrupted while copying the image", e);
    }
  }
}
