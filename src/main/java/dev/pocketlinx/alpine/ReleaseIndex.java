package dev.pocketlinx.alpine;

import dev.pocketlinx.image.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mirror's {@code latest-releases.yaml}: a YAML list of flat maps, one per release file. The
 * parser reads exactly that shape (items opened by {@code -}, {@code key: value} lines, values
 * plain or quoted, comments) and refuses anything else, rather than being a YAML library.
 */
public final class ReleaseIndex {

  public static final String MINIROOTFS = "alpine-minirootfs";

  private final List<Map<String, String>> items;

  private ReleaseIndex(List<Map<String, String>> items) {
    this.items = items;
  }

  public List<Map<String, String>> items() {
    return items;
  }

  /** Parses the index text; {@link IllegalArgumentException} names the line it cannot read. */
  public static ReleaseIndex parse(String text) {
    List<Map<String, String>> items = new ArrayList<>();
    Map<String, String> item = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]);
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.equals("---") || trimmed.equals("...")) {
        continue;
      }
      if (trimmed.startsWith("-") && (trimmed.length() == 1 || trimmed.charAt(1) == ' ')) {
        item = new LinkedHashMap<>();
        items.add(item);
        trimmed = trimmed.substring(1).strip();
        if (trimmed.isEmpty()) {
          continue;
        }
      }
      if (item == null) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected a list item ('-')");
      }
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || (colon + 1 < trimmed.length() && trimmed.charAt(colon + 1) != ' ')) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected 'key: value'");
      }
      String key = trimmed.substring(0, colon).strip();
      String value = unquote(trimmed.substring(colon + 1).strip(), i + 1);
      item.put(key, value);
    }
    return new ReleaseIndex(items);
  }

  /** The entry of a flavor, e.g. {@link #MINIROOTFS}, if the index lists one. */
  public Optional<ReleaseEntry> find(String flavor) {
    for (Map<String, String> item : items) {
      if (flavor.equals(item.get("flavor"))) {
        return Optional.of(toEntry(item));
      }
    }
    return Optional.empty();
  }

  private static ReleaseEntry toEntry(Map<String, String> item) {
    String flavor = item.get("flavor");
    for (String key : List.of("branch", "version", "file", "sha256")) {
      if (item.get(key) == null || item.get(key).isEmpty()) {
        throw new IllegalArgumentException("the " + flavor + " entry has no " + key);
      }
    }
    String file = item.get("file");
    // The file name becomes part of a URL and a path: a bare name, nothing that climbs.
    if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
      throw new IllegalArgumentException(
          "the " + flavor + " entry names an invalid file '" + file + "'");
    }
    String branch = item.get("branch");
    if (!branch.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "the " + flavor + " entry names an invalid branch '" + branch + "'");
    }
    long size;
    try {
      size = item.get("size") == null ? -1 : Long.parseLong(item.get("size"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the " + flavor + " entry has an invalid size '" + item.get("size") + "'");
    }
    Digest sha256 = Digest.sha256(item.get("sha256"));
    return new ReleaseEntry(
        flavor,
        branch,
        item.get("arch"),
        item.get("version"),
        file,
        item.get("date"),
        size,
        sha256);
  }

  /** A comment starts at '#' at the start or after a space, outside quotes. */
  private static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String unquote(String value, int lineNumber) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return unescapeDouble(value.substring(1, value.length() - 1), lineNumber);
    }
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      return value.substring(1, value.length() - 1).replace("''", "'");
    }
    if (value.startsWith("\"") || value.startsWith("'")) {
      throw new IllegalArgumentException("line " + lineNumber + ": unterminated quoted value");
    }
    return value;
  }

  private static String unescapeDouble(String text, int lineNumber) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= text.length()) {
        throw new IllegalArgumentException("line " + lineNumber + ": dangling '\\'");
      }
      char escaped = text.charAt(i);
      switch (escaped) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case '"', '\\', '/' -> out.append(escaped);
        default ->
            throw new IllegalArgumentException(
                "line " + lineNumber + ": unsupported escape '\\" + escaped + "'");
      }
    }
    return out.toString();
  }
}
