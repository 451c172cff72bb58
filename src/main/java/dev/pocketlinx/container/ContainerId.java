package dev.pocketlinx.container;

import dev.pocketlinx.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** A container id: 64 lower-case hex digits, shown by its first 12. */
public record ContainerId(String value) {

  public ContainerId {
    if (!Digest.isSha256Hex(value)) {
      throw new IllegalArgumentException("not a container id: '" + value + "'");
    }
  }

  /**
   * A new random id, read straight from the kernel's random source: setting up SecureRandom's
   * providers would cost a run tens of milliseconds at start-up.
   */
  public static ContainerId random() {
    byte[] bytes = new byte[32];
    try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
      if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
        throw new IOException("short read");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /dev/urandom", e);
    }
    return new ContainerId(HexFormat.of().formatHex(bytes));
  }

  /** Whether a directory name in the store can be a container id. */
  public static boolean isValid(String text) {
    return Digest.isSha256Hex(text);
  }

  public String shortId() {
    return value.substring(0, 12);
  }

  @Override
  public String toString() {
    return value;
  }
}
