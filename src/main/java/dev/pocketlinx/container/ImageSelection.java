package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Tells the image argument of {@code plx run} from the command. The first word is the image when
 * the store has an image by that name ({@code alpine}, {@code alpine:3.19}), or when it names one
 * explicitly by tag, digest or registry ({@code alpine:3.21}, {@code quay.io/x/y}); otherwise it is
 * the command, run in the default image {@code alpine:latest}. A word that starts with / or . is
 * always a command.
 */
public final class ImageSelection {

  public static final ImageReference DEFAULT_IMAGE = ImageReference.parse("alpine:latest");

  /** The chosen image and the command words that follow it (maybe none). */
  public record Selected(Image image, List<String> command) {}

  private ImageSelection() {}

  public static Selected select(List<String> positional, ImageStore images) throws PlxException {
    try {
      if (!positional.isEmpty()) {
        String first = positional.get(0);
        Optional<ImageReference> reference = asReference(first);
        if (reference.isPresent()) {
          // One read of the index answers both: is the word an image, else is the default there.
          boolean explicit = first.contains(":") || first.contains("@") || first.contains("/");
          Optional<Image> image =
              images.findFirst(
                  explicit ? List.of(reference.get()) : List.of(reference.get(), DEFAULT_IMAGE));
          // Canonical names, not record equality: that is bootstrapped at run time, which costs
          // a start-up tens of milliseconds.
          if (image.isPresent()
              && image.get().reference().canonical().equals(reference.get().canonical())) {
            return new Selected(image.get(), positional.subList(1, positional.size()));
          }
          if (explicit) {
            throw missing(reference.get(), images);
          }
          if (image.isPresent()) {
            return new Selected(image.get(), positional);
          }
          throw missing(DEFAULT_IMAGE, images);
        }
      }
      Optional<Image> image = images.find(DEFAULT_IMAGE);
      if (image.isEmpty()) {
        throw missing(DEFAULT_IMAGE, images);
      }
      return new Selected(image.get(), positional);
    } catch (IOException e) {
      throw ImageStore.failure(e);
    }
  }

  /**
   * The word as an image reference, or empty when it is a command. A word with ':' or '@' means an
   * image (no command in an image is named so), so one that is no valid reference is an error
   * rather than a command to look for.
   */
  private static Optional<ImageReference> asReference(String word) throws PlxException {
    if (word.startsWith("/") || word.startsWith(".") || word.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ImageReference.parse(word));
    } catch (IllegalArgumentException e) {
      if (word.indexOf(':') >= 0 || word.indexOf('@') >= 0) {
        throw new PlxException(
            "invalid image reference '"
                + word
                + "': "
                + e.getMessage()
                + "; write NAME[:TAG][@sha256:DIGEST], as in alpine:3.20");
      }
      return Optional.empty();
    }
  }

  private static PlxException missing(ImageReference reference, ImageStore images)
      throws IOException {
    boolean alpine = reference.familiarRepository().equals("alpine");
    String hint;
    if (alpine && reference.tag() != null && isSetupVersion(reference.tag())) {
      hint = "run 'plx setup --version " + reference.tag() + "'";
    } else if (alpine) {
      hint = "run 'plx setup' first";
    } else {
      hint = "only Alpine images made by 'plx setup' can be run so far";
    }
    String listed =
        images.references().isEmpty() ? "" : " ('plx images' lists the images you have)";
    return new PlxException("no image " + reference + " in the store; " + hint + listed);
  }

  /** A tag {@code plx setup --version} takes: a release or branch (3.20.3, 3.20) or edge. */
  private static boolean isSetupVersion(String tag) {
    if (tag.equals("edge")) {
      return true;
    }
    boolean digit = false;
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.' || !digit) {
        return false;
      } else {
        digit = false;
      }
    }
    return digit;
  }
}
