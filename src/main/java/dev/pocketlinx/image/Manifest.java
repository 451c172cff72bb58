package dev.pocketlinx.image;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.JsonException;
import dev.pocketlinx.json.ToJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An OCI image manifest: one config and the layers, bottom first. */
public record Manifest(Descriptor config, List<Descriptor> layers) implements ToJson {

  public Manifest {
    layers = List.copyOf(layers);
  }

  /**
   * Reads a manifest; one without a config descriptor or a layers array is refused ({@link
   * JsonException}), as it describes no image.
   */
  public static Manifest fromJson(Map<String, Object> json) {
    if (json.get("config") == null) {
      throw new JsonException("it has no 'config'");
    }
    if (json.get("layers") == null) {
      throw new JsonException("it has no 'layers'");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (Map<String, Object> layer : Json.objects(json, "layers")) {
      layers.add(Descriptor.fromJson(layer));
    }
    return new Manifest(Descriptor.fromJson(Json.objectMember(json, "config")), layers);
  }

  @Override
  public Object toJson() {
    return Json.object(
        "schemaVersion", 2, "mediaType", MediaTypes.MANIFEST, "config", config, "layers", layers);
  }
}
