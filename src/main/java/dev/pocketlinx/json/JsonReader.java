package dev.pocketlinx.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recursive-descent reader over one JSON text; nesting is bounded to keep the stack safe. */
final class JsonReader {

  private static final int MAX_DEPTH = 256;

  private final String text;
  private int pos;
  private int depth;

  JsonReader(String text) {
    this.text = text;
  }

  Object readValue() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> readObject();
      case '[' -> readArray();
      case '"' -> readString();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> readNumber();
    };
  }

  void expectEnd() {
    skipSpace();
    if (pos != text.length()) {
      throw error("unexpected text after the document");
    }
  }

  private Map<String, Object> readObject() {
    enter();
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      depth--;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String key = readString();
      skipSpace();
      expect(':');
      map.put(key, readValue());
      skipSpace();
      char c = next();
      if (c == '}') {
        depth--;
        return map;
      }
      if (c != ',') {
        throw errorBefore("expected ',' or '}'");
      }
    }
  }

  private List<Object> readArray() {
    enter();
    pos++;
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      depth--;
      return list;
    }
    while (true) {
      list.add(readValue());
      skipSpace();
      char c = next();
      if (c == ']') {
        depth--;
        return list;
      }
      if (c != ',') {
        throw errorBefore("expected ',' or ']'");
      }
    }
  }

  private String readString() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw errorBefore("control character in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short unicode escape");
          }
          String hex = text.substring(pos, pos + 4);
          if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
            throw error("bad unicode escape");
          }
          out.append((char) Integer.parseInt(hex, 16));
          pos += 4;
        }
        default -> throw errorBefore("bad escape '\\" + e + "'");
      }
    }
  }

  /** A number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private Object readNumber() {
    int start = pos;
    boolean integral = true;
    if (pos < text.length() && text.charAt(pos) == '-') {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '0') {
      pos++;
    } else if (digits() == 0) {
      pos = start;
      throw error("unexpected character");
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      integral = false;
      if (digits() == 0) {
        throw error("expected a digit");
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      integral = false;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw error("expected a digit");
      }
    }
    String number = text.substring(start, pos);
    try {
      return integral ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
    } catch (NumberFormatException e) {
      return Double.parseDouble(number);
    }
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return value;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested too deeply");
    }
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw errorBefore("expected '" + c + "'");
    }
  }

  /** An error at the character just read. */
  private JsonException errorBefore(String what) {
    return new JsonException(what + " at offset " + (pos - 1));
  }

  private JsonException error(String what) {
    return new JsonException(what + " at offset " + pos);
  }
}
