package dev.pocketlinx.container;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A container id: 64 lower-case hex digits, shown by its first 12. */
public record ContainerId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[a-f0-9]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public ContainerId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a container id: '" + value + "'");
    }
  }

  public static ContainerId random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new ContainerId(HexFormat.of().formatHex(bytes));
  }

  /** Whether a directory name in the store can be a container id. */
  public static boolean isValid(String text) {
    return FORMAT.matcher(text).matches();
  }

  public String shortId() {
    return value.substring(0, 12);
  }

  @Override
  public String toString() {
    return value;
  }
}
