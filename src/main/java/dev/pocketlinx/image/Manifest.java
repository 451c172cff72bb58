package dev.pocketlinx.image;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.ToJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An OCI image manifest: one config and the layers, bottom first. */
public record Manifest(Descriptor config, List<Descriptor> layers) implements ToJson {

  public Manifest {
    layers = List.copyOf(layers);
  }

  public static Manifest fromJson(Map<String, Object> json) {
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
