package dev.pocketlinx.image;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.JsonException;
import dev.pocketlinx.json.ToJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OCI image config: platform, the defaults a container starts with, and the diff IDs of the
 * layers in order (bottom first).
 */
public record ImageConfig(
    String created, String architecture, String os, Config config, List<Digest> diffIds)
    implements ToJson {

  /** The execution defaults of an image ({@code config} in the image-spec). */
  public record Config(
      String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir)
      implements ToJson {

    public Config {
      env = env == null ? List.of() : List.copyOf(env);
      entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      cmd = cmd == null ? null : List.copyOf(cmd);
    }

    static Config fromJson(Map<String, Object> json) {
      return new Config(
          Json.string(json, "User"),
          Json.strings(json, "Env"),
          Json.strings(json, "Entrypoint"),
          Json.strings(json, "Cmd"),
          Json.string(json, "WorkingDir"));
    }

    @Override
    public Object toJson() {
      return Json.object(
          "User", user,
          "Env", env.isEmpty() ? null : env,
          "Entrypoint", entrypoint,
          "Cmd", cmd,
          "WorkingDir", workingDir);
    }
  }

  public ImageConfig {
    diffIds = List.copyOf(diffIds);
    if (config == null) {
      config = new Config(null, null, null, null, null);
    }
  }

  /**
   * Reads an image config; one without {@code rootfs.diff_ids} is refused ({@link JsonException}),
   * as it cannot say which layers make the image.
   */
  public static ImageConfig fromJson(Map<String, Object> json) {
    if (json.get("rootfs") == null) {
      throw new JsonException("it has no 'rootfs'");
    }
    List<String> ids = Json.strings(Json.objectMember(json, "rootfs"), "diff_ids");
    if (ids == null) {
      throw new JsonException("its 'rootfs' has no 'diff_ids'");
    }
    List<Digest> diffIds = new ArrayList<>();
    for (String id : ids) {
      diffIds.add(Digest.parse(id));
    }
    return new ImageConfig(
        Json.string(json, "created"),
        Json.string(json, "architecture"),
        Json.string(json, "os"),
        Config.fromJson(Json.objectMember(json, "config")),
        diffIds);
  }

  @Override
  public Object toJson() {
    List<String> ids = diffIds.stream().map(Digest::toString).toList();
    return Json.object(
        "created", created,
        "architecture", architecture,
        "os", os,
        "config", config,
        "rootfs", Json.object("type", "layers", "diff_ids", ids));
  }
}
