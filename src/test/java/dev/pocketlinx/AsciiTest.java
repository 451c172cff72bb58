package dev.pocketlinx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiTest {

  @ParameterizedTest
  @CsvSource({
    "0, true",
    "1000, true",
    "00123, true",
    "'', false",
    "-1, false",
    "+1, false",
    "'1 ', false",
    "12a, false",
    "١٢, false",
  })
  void isDigits_acceptsOnlyAsciiDigits(String text, boolean expected) {
    assertEquals(expected, Ascii.isDigits(text));
  }

  @Test
  void quoted_controlCharactersAndLength_keepTheMessageOnOneShortLine() {
    assertEquals("'a\\x0ab\\x1b[2J'", Ascii.quoted("a\nb\u001b[2J"));
    assertEquals("'" + "x".repeat(40) + "...'", Ascii.quoted("x".repeat(41)));
    assertEquals("'plain'", Ascii.quoted("plain"));
  }
}
