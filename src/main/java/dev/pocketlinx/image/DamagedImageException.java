package dev.pocketlinx.image;

import java.io.IOException;

/**
 * An image in the index whose manifest or config blob is missing, unreadable, not the JSON the
 * image-spec describes, or (when checked) not the content its digest names. Only that image is
 * unusable; the rest of the store is not affected.
 */
public final class DamagedImageException extends IOException {

  private final ImageReference reference;
  private final String blobKind;
  private final Digest blob;
  private final String problem;

  /**
   * @param blobKind {@code manifest} or {@code config}
   * @param problem what is wrong with the blob, as the end of a sentence: {@code is missing}
   */
  DamagedImageException(
      ImageReference reference, String blobKind, Digest blob, String problem, Throwable cause) {
    super(
        "image "
            + reference
            + " is damaged: its "
            + blobKind
            + " blob "
            + blob
            + " "
            + problem
            + "; "
            + repairHint(reference),
        cause);
    this.reference = reference;
    this.blobKind = blobKind;
    this.blob = blob;
    this.problem = problem;
  }

  /** The reference the image was looked up by. */
  public ImageReference reference() {
    return reference;
  }

  /** {@code manifest} or {@code config}. */
  public String blobKind() {
    return blobKind;
  }

  /** The digest of the damaged blob. */
  public Digest blob() {
    return blob;
  }

  /** What is wrong, without the advice: {@code its config blob sha256:... is missing}. */
  public String damage() {
    return "its " + blobKind + " blob " + blob + " " + problem;
  }

  /** What puts a damaged image back: for Alpine images, the setup that made them. */
  public static String repairHint(ImageReference reference) {
    if (!reference.familiarRepository().equals("alpine")) {
      return "only Alpine images made by 'plx setup' can be repaired so far";
    }
    String tag = reference.tag();
    if (tag == null || tag.equals(ImageReference.DEFAULT_TAG)) {
      return "run 'plx setup' again to repair it";
    }
    return "run 'plx setup --version " + tag + "' again to repair it";
  }
}
