package dev.pocketlinx.image;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.JsonException;
import dev.pocketlinx.json.ToJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** An OCI content descriptor: media type, digest and size, with optional annotations. */
public record Descriptor(
    String mediaType, Digest digest, long size, Map<String, String> annotations) implements ToJson {

  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, Map.of());
  }

  public Descriptor withAnnotation(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(annotations);
    copy.put(key, value);
    return new Descriptor(mediaType, digest, size, copy);
  }

  /** Reads a descriptor; one without a digest is refused ({@link JsonException}). */
  public static Descriptor fromJson(Map<String, Object> json) {
    String digest = Json.string(json, "digest");
    if (digest == null) {
      throw new JsonException("a descriptor has no 'digest'");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : Json.objectMember(json, "annotations").entrySet()) {
      annotations.put(entry.getKey(), String.valueOf(entry.getValue()));
    }
    return new Descriptor(
        Json.string(json, "mediaType"),
        Digest.parse(digest),
        Json.number(json, "size", 0),
        annotations);
  }

  @Override
  public Object toJson() {
    return Json.object(
        "mediaType",
        mediaType,
        "digest",
        digest.toString(),
        "size",
        size,
        "annotations",
        annotations.isEmpty() ? null : new java.util.TreeMap<>(annotations));
  }
}
