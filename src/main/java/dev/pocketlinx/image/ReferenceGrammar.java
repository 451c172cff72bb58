package dev.pocketlinx.image;

import dev.pocketlinx.Ascii;

/**
 * The docker reference grammar's pieces, checked by hand rather than by regular expressions:
 * compiling the patterns cost every {@code plx run} several milliseconds at start-up.
 */
final class ReferenceGrammar {

  private ReferenceGrammar() {}

  /**
   * A path component: {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}, lower-case letters and digits
   * joined by one '.', one or two '_', or any number of '-'.
   */
  static boolean isComponent(String text) {
    if (text.isEmpty()
        || !isLowerAlnum(text.charAt(0))
        || !isLowerAlnum(text.charAt(text.length() - 1))) {
      return false;
    }
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isLowerAlnum(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && !isLowerAlnum(text.charAt(i))) {
        i++;
      }
      String separator = text.substring(start, i);
      if (!separator.equals(".")
          && !separator.equals("_")
          && !separator.equals("__")
          && !separator.replace("-", "").isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A tag: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
  static boolean isTag(String text) {
    if (text.isEmpty() || text.length() > 128) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean word = isAsciiAlnum(c) || c == '_';
      if (!(word || (i > 0 && (c == '.' || c == '-')))) {
        return false;
      }
    }
    return true;
  }

  /** A registry: a host name or a bracketed IPv6 address, then an optional {@code :port}. */
  static boolean isRegistry(String text) {
    String host = text;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 2) {
        return false;
      }
      for (int i = 1; i < close; i++) {
        char c = text.charAt(i);
        if (Character.digit(c, 16) < 0 && c != ':') {
          return false;
        }
      }
      host = "";
      text = text.substring(close + 1);
      if (text.isEmpty()) {
        return true;
      }
      return text.startsWith(":") && Ascii.isDigits(text.substring(1));
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      if (!Ascii.isDigits(host.substring(colon + 1))) {
        return false;
      }
      host = host.substring(0, colon);
    }
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!isAsciiAlnum(c) && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hexadecimal of exactly {@code length} digits. */
  static boolean isLowerHex(String text, int length) {
    if (text == null || text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiAlnum(char c) {
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
  }
}
