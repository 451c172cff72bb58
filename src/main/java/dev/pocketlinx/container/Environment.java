package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of the container's process, in Docker's order of precedence: the image's Env,
 * then {@code --env-file} files, then {@code -e}. {@code -e KEY} takes the host's value; when the
 * host has none, the variable is unset, even if the image set it.
 */
public final class Environment {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> host;

  public Environment(Map<String, String> host) {
    this.host = host;
  }

  /** Adds {@code KEY=VALUE} or {@code KEY} entries; a later entry replaces an earlier one. */
  public Environment addAll(List<String> entries, String origin) throws PlxException {
    for (String entry : entries) {
      add(entry, origin);
    }
    return this;
  }

  /** Adds the entries of an env file: one per line, blank lines and # comments skipped. */
  public Environment addFile(Path file) throws PlxException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PlxException("env file " + file + " does not exist; check the --env-file path", e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new PlxException("env file " + file + " is not UTF-8 text; save it as UTF-8", e);
    } catch (IOException e) {
      throw new PlxException("cannot read env file " + file + ": " + e.getMessage(), e);
    }
    // A byte-order mark, as some Windows editors write, is not part of the first key.
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1));
    }
    for (String line : lines) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        add(line.stripLeading(), "env file " + file);
      }
    }
    return this;
  }

  /** Sets a value only when nothing set it before. */
  public Environment putIfAbsent(String key, String value) {
    values.putIfAbsent(key, value);
    return this;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String get(String key) {
    return values.get(key);
  }

  public List<String> toList() {
    List<String> list = new ArrayList<>(values.size());
    for (Map.Entry<String, String> entry : values.entrySet()) {
      list.add(entry.getKey() + "=" + entry.getValue());
    }
    return list;
  }

  private void add(String entry, String origin) throws PlxException {
    int eq = entry.indexOf('=');
    String key = eq < 0 ? entry : entry.substring(0, eq);
    if (key.isEmpty() || key.contains("\0") || key.contains(" ") || key.contains("\t")) {
      throw new PlxException(
          "invalid environment variable '" + entry + "' in " + origin + "; use KEY=VALUE or KEY");
    }
    if (eq >= 0) {
      values.put(key, entry.substring(eq + 1));
    } else if (host.containsKey(key)) {
      values.put(key, host.get(key));
    } else {
      values.remove(key);
    }
  }
}
