package dev.pocketlinx.store;

import dev.pocketlinx.Ascii;
import java.time.Instant;

/**
 * The numbers of a tar archive, checked for format and range: octal and GNU base-256 fields of a
 * header, decimal values of PAX records. A number that nothing downstream can take as it is gets
 * refused here, never clamped or wrapped. Each failure is an {@link InvalidTarException} for the
 * header at {@code offset}.
 */
final class TarNumbers {

  /** Largest mode: seven octal digits, all the ustar field holds. */
  static final long MAX_MODE = 07777777;

  /**
   * Earliest and latest file time plx sets. The JDK hands file times to the kernel as a signed
   * 64-bit count of nanoseconds since the epoch and silently clamps any time outside it (the years
   * 1677 to 2262), so such a time is refused rather than set wrong. Base-256 and PAX fields can
   * hold times even Instant cannot.
   */
  static final Instant MIN_TIME = Instant.EPOCH.plusNanos(Long.MIN_VALUE);

  static final Instant MAX_TIME = Instant.EPOCH.plusNanos(Long.MAX_VALUE);

  /** Most characters of an archive's value that an error message quotes. */
  private TarNumbers() {}

  /**
   * A numeric header field: octal digits, optionally led and followed by spaces or NULs (as old and
   * new writers pad them), or GNU base-256, which sets the high bit of the first byte.
   */
  static long field(byte[] header, int start, int length, String what, long offset)
      throws InvalidTarException {
    if ((header[start] & 0x80) != 0) {
      return base256(header, start, length, what, offset);
    }
    int end = start + length;
    int i = start;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    long value = 0;
    for (; i < end && header[i] != ' ' && header[i] != 0; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new InvalidTarException(
            "header at offset " + offset + " has a non-octal " + what, offset);
      }
      if (value > (Long.MAX_VALUE >> 3)) {
        throw oversized(what, offset);
      }
      value = (value << 3) | digit;
    }
    // GNU tar refuses anything but padding after the digits too.
    for (; i < end; i++) {
      if (header[i] != ' ' && header[i] != 0) {
        throw new InvalidTarException(
            "header at offset " + offset + " has a non-octal " + what, offset);
      }
    }
    return value;
  }

  /** A numeric header field within [min, max]. */
  static long field(
      byte[] header, int start, int length, String what, long min, long max, long offset)
      throws InvalidTarException {
    long value = field(header, start, length, what, offset);
    if (value < min || value > max) {
      throw new InvalidTarException(
          "header at offset "
              + offset
              + " has a "
              + what
              + " of "
              + value
              + ", outside "
              + min
              + " to "
              + max,
          offset);
    }
    return value;
  }

  /** A time field: whole seconds since the epoch. */
  static Instant timeField(byte[] header, int start, int length, String what, long offset)
      throws InvalidTarException {
    long seconds = field(header, start, length, what, offset);
    if (seconds < MIN_TIME.getEpochSecond() || seconds > MAX_TIME.getEpochSecond()) {
      throw timeOutOfRange("header at offset " + offset + " has an " + what, seconds, offset);
    }
    return Instant.ofEpochSecond(seconds);
  }

  /** A PAX decimal within [0, max]: ASCII digits only, no sign or spaces, as POSIX writes them. */
  static long pax(String key, String value, long max, long offset) throws InvalidTarException {
    if (!Ascii.isDigits(value)) {
      throw new InvalidTarException(
          "entry at offset "
              + offset
              + " has a PAX "
              + key
              + " that is not a decimal number: "
              + Ascii.quoted(value),
          offset);
    }
    String digits = withoutLeadingZeros(value);
    // Digits only and at most 18 of them: always a long.
    long number = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (number > max) {
      throw new InvalidTarException(
          "entry at offset "
              + offset
              + " has a PAX "
              + key
              + " of "
              + Ascii.quoted(value)
              + ", outside 0 to "
              + max,
          offset);
    }
    return number;
  }

  /**
   * A PAX time: decimal seconds since the epoch, maybe negative, maybe with a fraction ({@code
   * 1700000000.123456789}); digits past nanoseconds are dropped.
   */
  static Instant paxTime(String key, String value, long offset) throws InvalidTarException {
    boolean negative = value.startsWith("-");
    int dot = value.indexOf('.');
    String whole = value.substring(negative ? 1 : 0, dot < 0 ? value.length() : dot);
    String fraction = dot < 0 ? "" : value.substring(dot + 1);
    if (!Ascii.isDigits(whole) || !(fraction.isEmpty() || Ascii.isDigits(fraction))) {
      throw new InvalidTarException(
          "entry at offset "
              + offset
              + " has a PAX "
              + key
              + " that is not a decimal time: "
              + Ascii.quoted(value),
          offset);
    }
    String digits = withoutLeadingZeros(whole);
    String what = "entry at offset " + offset + " has a PAX " + key;
    if (digits.length() > 18) {
      throw timeOutOfRange(what, Ascii.quoted(value), offset);
    }
    long seconds = Long.parseLong(digits);
    long nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
    if (seconds > MAX_TIME.getEpochSecond() + 1) {
      throw timeOutOfRange(what, Ascii.quoted(value), offset);
    }
    Instant time =
        negative ? Instant.ofEpochSecond(-seconds, -nanos) : Instant.ofEpochSecond(seconds, nanos);
    if (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
      throw timeOutOfRange(what, Ascii.quoted(value), offset);
    }
    return time;
  }

  /** GNU base-256: high bit of the first byte set, then a big-endian two's complement number. */
  private static long base256(byte[] header, int start, int length, String what, long offset)
      throws InvalidTarException {
    boolean negative = (header[start] & 0x40) != 0;
    long value = negative ? -1 : 0;
    for (int i = start; i < start + length; i++) {
      int b = header[i] & 0xff;
      if (i == start) {
        b &= 0x7f;
        if (negative) {
          b |= 0x80;
        }
      }
      // The bits about to be shifted out must all be copies of the sign bit, or the number does
      // not fit in a long and would wrap (a negative size or uid could come out as 0).
      if ((value >> 55) != (negative ? -1 : 0)) {
        throw oversized(what, offset);
      }
      value = (value << 8) | b;
    }
    return value;
  }

  private static InvalidTarException oversized(String what, long offset) {
    return new InvalidTarException(
        "header at offset " + offset + " has an oversized " + what, offset);
  }

  private static InvalidTarException timeOutOfRange(String what, Object value, long offset) {
    return new InvalidTarException(
        what + " of " + value + ", outside the years 1677 to 2262 that file times can hold",
        offset);
  }

  private static String withoutLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }
}
