package dev.pocketlinx.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "\"\"",
        "0",
        "-12",
        "1.5",
        "true",
        "false",
        "null",
        "{\"b\":1,\"a\":[true,false,null],\"c\":{\"d\":\"e\"}}",
        "[[[]],{},[{\"x\":[1,2,3]}]]",
      })
  void write_parsedCanonicalText_givesTheSameText(String text) {
    assertEquals(text, Json.write(Json.parse(text)));
  }

  @Test
  void parse_objects_keepMemberOrder() {
    Map<String, Object> object = Json.parseObject("{\"z\":1,\"a\":2,\"m\":3}");

    assertEquals(List.of("z", "a", "m"), List.copyOf(object.keySet()));
  }

  @Test
  void parse_numbers_areLongWhenIntegralAndDoubleOtherwise() {
    List<?> numbers = (List<?>) Json.parse("[7, -3, 2.5, 1e3]");

    assertEquals(7L, numbers.get(0));
    assertEquals(-3L, numbers.get(1));
    assertEquals(2.5, numbers.get(2));
    assertEquals(1000.0, numbers.get(3));
  }

  @Test
  void parse_whitespaceAroundTokens_isIgnored() {
    Object value = Json.parse(" \n\t{ \"a\" : [ 1 , 2 ] }\r\n ");

    assertEquals(Map.of("a", List.of(1L, 2L)), value);
  }

  @Test
  void write_thenParse_givesEqualValue() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("string", "tab\tquote\"backslash\\slash/ newline\n bell\u0007 é 日本 😀");
    value.put("list", List.of(1L, "two", List.of(), Map.of()));
    value.put("nested", Map.of("deep", Map.of("deeper", List.of(true, false))));
    value.put("nothing", null);
    value.put("long", Long.MAX_VALUE);

    assertEquals(value, Json.parse(Json.write(value)));
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("\"", "\"\\\"\""),
        Arguments.of("\\", "\"\\\\\""),
        Arguments.of("\n", "\"\\n\""),
        Arguments.of("\r", "\"\\r\""),
        Arguments.of("\t", "\"\\t\""),
        Arguments.of("\b", "\"\\b\""),
        Arguments.of("\f", "\"\\f\""),
        Arguments.of("\u0001", "\"\\u0001\""),
        Arguments.of("\u001f", "\"\\u001f\""),
        Arguments.of("/", "\"/\""),
        Arguments.of("\u00e9", "\"\u00e9\""));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void write_specialCharacters_areEscaped(String raw, String json) {
    assertEquals(json, Json.write(raw));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void parse_escapedCharacters_areDecoded(String raw, String json) {
    assertEquals(raw, Json.parse(json));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'\"\\/\"'           | '/'",
        "'\"\\u0041\"'       | 'A'",
        "'\"\\ud83d\\ude00\"' | '\ud83d\ude00'",
      })
  void parse_escapesWriterDoesNotUse_areDecoded(String json, String expected) {
    assertEquals(expected, Json.parse(json));
  }

  @Test
  void parse_nestingAtTheLimit_isAccepted() {
    String text = "[".repeat(256) + "]".repeat(256);

    assertInstanceOf(List.class, Json.parse(text));
  }

  @Test
  void parse_nestingBeyondTheLimit_isRejectedWithoutOverflowingTheStack() {
    String arrays = "[".repeat(257) + "]".repeat(257);
    String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

    JsonException tooDeep = assertThrows(JsonException.class, () -> Json.parse(arrays));
    assertTrue(tooDeep.getMessage().contains("nested too deeply"), tooDeep.getMessage());
    assertThrows(JsonException.class, () -> Json.parse(objects));
  }

  /** Each bad document names the offset of the first character that cannot be accepted. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "''                 | 0",
        "'   '              | 3",
        "'x'                | 0",
        "'tru'              | 0",
        "'{\"a\":}'         | 5",
        "'{\"a\":1}x'       | 7",
        "'[1,2'             | 4",
        "'\"abc'            | 4",
        "'{1:2}'            | 1",
      })
  void parse_badInput_reportsTheOffset(String text, int offset) {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));

    assertEquals(offset, offsetIn(e), e.getMessage());
  }

  /**
   * The offset points at the offending character itself, not one past it: a user looking at {@code
   * {"a" 1}} should be sent to the {@code 1}.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'{\"a\" 1}'        | 5",
        "'[1 2]'            | 3",
        "'{\"a\":1 \"b\":2}' | 7",
      })
  void parse_unexpectedCharacter_reportsItsOwnOffset(String text, int offset) {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));

    assertEquals(offset, offsetIn(e), e.getMessage());
  }

  @Test
  void parse_controlCharacterInString_isRejected() {
    assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"\\u12\"",
        "\"\\uzzzz\"",
        "\"\\u+123\"",
        "[1,]",
        "{\"a\":1,}",
        "1.2.3",
        "[1 2]",
        "+1",
        ".5",
        "1.",
        "01",
        "-",
        "1e",
        "1e+",
        "-x"
      })
  void parse_malformedDocument_isRejected(String text) {
    assertThrows(JsonException.class, () -> Json.parse(text));
  }

  @Test
  void parseObject_topLevelArray_isRejected() {
    assertThrows(JsonException.class, () -> Json.parseObject("[1]"));
  }

  @Test
  void write_customValue_usesItsJsonForm() {
    ToJson custom = () -> Json.object("kind", "custom", "skipped", null);

    assertEquals("[{\"kind\":\"custom\"}]", Json.write(List.of(custom)));
  }

  @Test
  void write_notANumber_isRejected() {
    assertThrows(JsonException.class, () -> Json.write(Double.NaN));
    assertThrows(JsonException.class, () -> Json.write(new Object()));
  }

  @Test
  void strings_memberOfWrongType_isRejected() {
    Map<String, Object> object = Json.parseObject("{\"a\":[1],\"b\":\"x\"}");

    assertThrows(JsonException.class, () -> Json.strings(object, "a"));
    assertThrows(JsonException.class, () -> Json.strings(object, "b"));
    assertEquals(null, Json.strings(object, "missing"));
    assertEquals(Arrays.asList("x"), Json.strings(Json.parseObject("{\"a\":[\"x\"]}"), "a"));
  }

  private static int offsetIn(JsonException e) {
    String message = e.getMessage();
    int at = message.lastIndexOf("at offset ");
    assertTrue(at >= 0, message);
    return Integer.parseInt(message.substring(at + "at offset ".length()));
  }
}
