package dev.pocketlinx;

/** Character-class checks on ASCII text and the quoting of outside values in messages. */
public final class Ascii {

  /** How much of a value from outside an error message quotes. */
  private static final int QUOTED = 40;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ascii() {}

  /** One or more ASCII digits and nothing else (no sign, no spaces). */
  public static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * A value from outside (an archive, a file, the index) as an error message quotes it: in single
   * quotes, control characters escaped, cut after 40 characters, so the message stays one line.
   */
  public static String quoted(String value) {
    StringBuilder text = new StringBuilder("'");
    for (int i = 0; i < Math.min(value.length(), QUOTED); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        text.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        text.append(c);
      }
    }
    if (value.length() > QUOTED) {
      text.append("...");
    }
    return text.append('\'').toString();
  }
}
