package dev.pocketlinx.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content digest, {@code sha256:<64 hex>}, validated when made. */
public record Digest(String algorithm, String hex) {

  public Digest {
    if (!"sha256".equals(algorithm)) {
      throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "'");
    }
    if (!isSha256Hex(hex)) {
      throw new IllegalArgumentException("not a sha256 digest: '" + hex + "'");
    }
  }

  /** Whether a text is 64 lower-case hex digits, as a sha256 digest and a container id are. */
  public static boolean isSha256Hex(String text) {
    return ReferenceGrammar.isLowerHex(text, 64);
  }

  /** Parses {@code sha256:<hex>}. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a digest: '" + text + "' (expected sha256:<hex>)");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** A sha256 digest from its bare hex form, as Alpine's release index lists it. */
  public static Digest sha256(String hex) {
    return new Digest("sha256", hex.toLowerCase(java.util.Locale.ROOT));
  }

  public static Digest of(byte[] data) {
    MessageDigest md = newSha256();
    return new Digest("sha256", HexFormat.of().formatHex(md.digest(data)));
  }

  public static Digest of(Path file) throws IOException {
    MessageDigest md = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    }
    return new Digest("sha256", HexFormat.of().formatHex(md.digest()));
  }

  /** Finishes a running sha256 computation. */
  public static Digest of(MessageDigest sha256) {
    return new Digest("sha256", HexFormat.of().formatHex(sha256.digest()));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
  }

  /** The first 12 hex digits, as image and container ids are shown. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
