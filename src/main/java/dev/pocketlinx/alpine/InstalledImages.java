package dev.pocketlinx.alpine;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.DamagedImageException;
import dev.pocketlinx.image.Descriptor;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.image.Manifest;
import dev.pocketlinx.image.MediaTypes;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What setup asks of the images already in the store: whether a tarball is installed, which {@code
 * alpine:} tags a release gets, and every tag an image has after a run.
 */
final class InstalledImages {

  private final Store store;

  InstalledImages(Store store) {
    this.store = store;
  }

  /** {@code alpine:<release>}, its branch, and {@code alpine:latest} if there is none yet. */
  List<ImageReference> importTags(String release) throws PlxException, IOException {
    List<ImageReference> tags = new ArrayList<>();
    try {
      tags.add(alpine(release));
    } catch (IllegalArgumentException e) {
      throw new PlxException(
          "etc/alpine-release holds '"
              + release
              + "', which is not usable as an image tag; pass an Alpine minirootfs tarball");
    }
    String branch = AlpineVersion.branchTagOfRelease(release);
    if (branch != null) {
      addIfAbsent(tags, alpine(branch));
    }
    if (latestIsAbsent()) {
      addIfAbsent(tags, alpine("latest"));
    }
    return tags;
  }

  /**
   * Whether the store has no {@code alpine:latest}: then whatever is installed gets it, so that
   * {@code plx run} works at once (it defaults to that image), also offline. A damaged {@code
   * alpine:latest} is there: setup repairs it rather than moving the tag.
   */
  boolean latestIsAbsent() throws IOException {
    return !new ImageStore(store).has(alpine("latest"));
  }

  /** The tags this run applied, then every other reference to the same manifest. */
  List<ImageReference> everyTag(List<ImageReference> applied, Descriptor manifest)
      throws IOException {
    List<ImageReference> all = new ArrayList<>(applied);
    for (ImageStore.IndexEntry entry : new ImageStore(store).references()) {
      if (entry.manifestDigest().equals(manifest.digest())) {
        addIfAbsent(all, entry.reference());
      }
    }
    return all;
  }

  /**
   * What setup finds of a tarball's image: whole, damaged, or not there. {@code manifest} is the
   * manifest of a whole image, ready to tag again, and {@code image} that image as it was loaded
   * and checked; else both null. {@code damage} says, for the warning, what is wrong with the image
   * this setup installs again; else null.
   */
  record Lookup(Descriptor manifest, Image image, String damage) {

    boolean isWhole() {
      return manifest != null;
    }
  }

  /**
   * Looks for the image of a tarball that is whole in the store: tagged, with this tarball as its
   * one layer blob, its manifest and config blobs the content their digests name (they are small),
   * and its layer unpacked and still a root filesystem. An image of this tarball that fails any of
   * this is damaged, as is one tagged with a reference of {@code tags} whose blobs cannot be read
   * (a damaged manifest no longer says which tarball it was made of).
   *
   * <p>A layer whose files were changed in place is not found: that would mean hashing every file
   * of it.
   */
  Lookup findInstalled(Digest layerDigest, List<ImageReference> tags) {
    ImageStore images = new ImageStore(store);
    String damage = null;
    try {
      for (ImageStore.IndexEntry entry : images.references()) {
        Image image;
        try {
          image = images.loadVerified(entry.reference(), entry.manifestDigest());
        } catch (DamagedImageException e) {
          Log.debug("%s", e.getMessage());
          if (damage == null
              && (tags.contains(entry.reference()) || madeOf(images, entry, layerDigest))) {
            damage = damaged(entry.reference(), e.damage());
          }
          continue;
        }
        if (!isOneLayer(image.manifest(), layerDigest) || image.diffIds().size() != 1) {
          continue;
        }
        String problem =
            store.hasBlob(layerDigest)
                ? layerDamage(store.layerPath(image.diffIds().get(0)))
                : "its layer blob " + layerDigest + " is missing";
        if (problem == null) {
          long size = Files.size(store.blobPath(image.manifestDigest()));
          Log.debug("%s is installed as %s", layerDigest, image.reference());
          return new Lookup(
              new Descriptor(MediaTypes.MANIFEST, image.manifestDigest(), size), image, null);
        }
        if (damage == null) {
          damage = damaged(image.reference(), problem);
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable index: install afresh, which rewrites what is needed.
      Log.debug("cannot look for an installed image: %s", e);
    }
    return new Lookup(null, null, damage);
  }

  /** Whether a damaged image's manifest, if it can still be read, names this tarball. */
  private static boolean madeOf(
      ImageStore images, ImageStore.IndexEntry entry, Digest layerDigest) {
    try {
      return isOneLayer(
          images.loadManifest(entry.reference(), entry.manifestDigest()), layerDigest);
    } catch (DamagedImageException e) {
      return false;
    }
  }

  private static boolean isOneLayer(Manifest manifest, Digest layerDigest) {
    return manifest.layers().size() == 1 && manifest.layers().get(0).digest().equals(layerDigest);
  }

  /**
   * What is wrong with an unpacked minirootfs layer, cheaply seen: gone, or no longer a root
   * filesystem with an Alpine release; null when it looks whole.
   */
  static String layerDamage(Path layer) throws IOException {
    if (!Files.isDirectory(layer, LinkOption.NOFOLLOW_LINKS)) {
      return "its layer directory " + layer + " is missing";
    }
    RootfsInspection rootfs = RootfsInspection.of(layer);
    if (!rootfs.isRootfs() || rootfs.alpineRelease().isEmpty()) {
      return "its layer directory "
          + layer
          + " is no longer a whole root filesystem (bin/sh, etc/ or etc/alpine-release is gone)";
    }
    return null;
  }

  static String damaged(ImageReference reference, String problem) {
    return "image " + reference + " is damaged: " + problem;
  }

  /** The Alpine release in the layer of an image {@link #findInstalled} found whole. */
  String releaseOfInstalled(Image image) throws PlxException, IOException {
    return RootfsInspection.of(store.layerPath(image.diffIds().get(0)))
        .alpineRelease()
        .orElseThrow(
            () ->
                new PlxException(
                    "the installed layer of "
                        + image.manifestDigest()
                        + " has no etc/alpine-release"));
  }

  static ImageReference alpine(String tag) {
    return ImageReference.parse("alpine:" + tag);
  }

  static void addIfAbsent(List<ImageReference> tags, ImageReference tag) {
    if (!tags.contains(tag)) {
      tags.add(tag);
    }
  }
}
