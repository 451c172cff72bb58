package dev.pocketlinx.alpine;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Descriptor;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.image.MediaTypes;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
   * alpine:latest} counts as there.
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
   * The manifest of an image that is already whole in the store: tagged, with this tarball as its
   * one layer blob and that layer unpacked.
   */
  Optional<Descriptor> findInstalled(Digest layerDigest) {
    try {
      // A damaged image is not installed: it is installed again.
      for (Image image : new ImageStore(store).list().images()) {
        boolean sameLayer =
            image.manifest().layers().size() == 1
                && image.manifest().layers().get(0).digest().equals(layerDigest)
                && image.diffIds().size() == 1;
        if (sameLayer
            && store.hasBlob(layerDigest)
            && Files.isDirectory(store.layerPath(image.diffIds().get(0)))) {
          long size = Files.size(store.blobPath(image.manifestDigest()));
          Log.debug("%s is installed as %s", layerDigest, image.reference());
          return Optional.of(new Descriptor(MediaTypes.MANIFEST, image.manifestDigest(), size));
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable index or blob: install afresh, which rewrites what is needed.
      Log.debug("cannot look for an installed image: %s", e);
    }
    return Optional.empty();
  }

  Digest imageId(Descriptor manifest) throws IOException {
    return new ImageStore(store).load(alpine("latest"), manifest.digest()).id();
  }

  String releaseOfInstalled(Descriptor manifest) throws PlxException, IOException {
    Image image = new ImageStore(store).load(alpine("latest"), manifest.digest());
    return RootfsInspection.of(store.layerPath(image.diffIds().get(0)))
        .alpineRelease()
        .orElseThrow(
            () ->
                new PlxException(
                    "the installed layer of " + manifest.digest() + " has no etc/alpine-release"));
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
