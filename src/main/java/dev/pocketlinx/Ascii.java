package dev.pocketlinx;

/** Character-class checks on ASCII text, shared by the parsers of user input. */
public final class Ascii {

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
}
