package dev.pocketlinx.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for the OCI documents plx handles (image configs, manifests,
 * indexes, runtime specs). Objects are {@code Map<String, Object>} in insertion order, arrays are
 * {@code List<Object>}, numbers are {@code Long} when integral and {@code Double} otherwise. Kept
 * in-house so that a {@code plx run} loads no JSON library at start-up.
 */
public final class Json {

  private Json() {}

  /** Parses one JSON document; throws {@link JsonException} with the offset of the problem. */
  public static Object parse(String text) {
    JsonReader reader = new JsonReader(text);
    Object value = reader.readValue();
    reader.expectEnd();
    return value;
  }

  /** Parses a document that must be an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new JsonException("expected a JSON object at the top level");
    }
    return (Map<String, Object>) value;
  }

  /** Writes a value made of maps, lists, strings, numbers, booleans, nulls and {@link ToJson}. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    writeValue(out, value);
    return out.toString();
  }

  private static void writeValue(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof ToJson custom) {
      writeValue(out, custom.toJson());
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new JsonException("cannot write " + d + " as JSON");
      }
      out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : n.toString());
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, String.valueOf(entry.getKey()));
        out.append(':');
        writeValue(out, entry.getValue());
      }
      out.append('}');
    } else if (value instanceof Iterable<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeValue(out, item);
      }
      out.append(']');
    } else {
      throw new JsonException("cannot write a " + value.getClass().getSimpleName() + " as JSON");
    }
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Builds an object map in insertion order, skipping null values. */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  /** Reads an optional string member. */
  public static String string(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new JsonException("member '" + key + "' must be a string");
    }
    return s;
  }

  /** Reads an optional array of strings; null when absent. */
  public static List<String> strings(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      throw new JsonException("member '" + key + "' must be an array");
    }
    List<String> result = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw new JsonException("member '" + key + "' must hold only strings");
      }
      result.add(s);
    }
    return result;
  }

  /** Reads an optional object member; an empty map when absent. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> objectMember(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map)) {
      throw new JsonException("member '" + key + "' must be an object");
    }
    return (Map<String, Object>) value;
  }

  /** Reads an optional array of objects; empty when absent. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new JsonException("member '" + key + "' must be an array");
    }
    for (Object item : list) {
      if (!(item instanceof Map)) {
        throw new JsonException("member '" + key + "' must hold only objects");
      }
    }
    return (List<Map<String, Object>>) list;
  }

  /** Reads an optional integral number; the fallback when absent. */
  public static long number(Map<String, Object> map, String key, long fallback) {
    Object value = map.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n)) {
      throw new JsonException("member '" + key + "' must be a number");
    }
    return n.longValue();
  }
}
