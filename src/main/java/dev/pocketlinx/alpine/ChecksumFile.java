package dev.pocketlinx.alpine;

import dev.pocketlinx.image.Digest;
import java.util.Optional;

/** A {@code sha256sum} file: lines of {@code <hex> <name>}, or just {@code <hex>}. */
final class ChecksumFile {

  private ChecksumFile() {}

  /**
   * The sha256 listed for {@code name}; a file with a single line counts for any name, since a
   * {@code .sha256} next to a file is about that file even when it was renamed.
   */
  static Optional<Digest> find(String text, String name) {
    Digest only = null;
    int lines = 0;
    for (String line : text.split("\r?\n")) {
      String[] fields = line.strip().split("\\s+", 2);
      if (fields[0].isEmpty()) {
        continue;
      }
      lines++;
      Digest digest;
      try {
        digest = Digest.sha256(fields[0]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      // sha256sum marks binary mode with '*' before the name.
      String listed = fields.length > 1 ? fields[1].strip().replaceFirst("^\\*", "") : "";
      if (listed.equals(name) || listed.endsWith("/" + name)) {
        return Optional.of(digest);
      }
      only = digest;
    }
    return lines == 1 ? Optional.ofNullable(only) : Optional.empty();
  }
}
