package dev.pocketlinx.alpine;

import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.ImageReference;
import java.util.List;

/**
 * What {@code plx setup} registered: the tags, the image id, and the sha256 of the minirootfs
 * tarball (the image's one layer). {@code upToDate} when nothing had to be downloaded or unpacked;
 * {@code verified} when the tarball was checked against a published checksum.
 */
public record SetupResult(
    List<ImageReference> tags,
    Digest imageId,
    Digest layerDigest,
    boolean upToDate,
    boolean verified) {

  public SetupResult {
    tags = List.copyOf(tags);
  }
}
