package dev.pocketlinx.image;

import java.util.List;

/** An image resolved from the store: the reference it was found by, its manifest and config. */
public record Image(
    ImageReference reference, Digest manifestDigest, Manifest manifest, ImageConfig config) {

  /** The image id, as docker shows it: the digest of the image config. */
  public Digest id() {
    return manifest.config().digest();
  }

  /** The layers' diff IDs, bottom first. */
  public List<Digest> diffIds() {
    return config.diffIds();
  }

  /** The compressed size of all layers. */
  public long size() {
    return manifest.layers().stream().mapToLong(Descriptor::size).sum();
  }
}
