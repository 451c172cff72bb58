package dev.pocketlinx.bundle;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.ToJson;
import java.util.List;

/** The runtime-spec's top-level object, written as a bundle's {@code config.json}. */
public record Spec(
    String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux)
    implements ToJson {

  public static final String OCI_VERSION = "1.0.2";

  public Spec {
    mounts = List.copyOf(mounts);
  }

  @Override
  public Object toJson() {
    return Json.object(
        "ociVersion", ociVersion,
        "process", process,
        "root", root,
        "hostname", hostname,
        "mounts", mounts,
        "linux", linux);
  }

  /** The root file system: a path relative to the bundle, optionally read-only. */
  public record Root(String path, boolean readonly) implements ToJson {
    @Override
    public Object toJson() {
      return Json.object("path", path, "readonly", readonly);
    }
  }

  /** One entry of {@code mounts}. */
  public record Mount(String destination, String type, String source, List<String> options)
      implements ToJson {

    public Mount {
      options = List.copyOf(options);
    }

    /** A recursive, private bind mount of a host path; read-only when asked. */
    public static Mount bind(String source, String destination, boolean readonly) {
      return new Mount(
          destination,
          "bind",
          source,
          readonly ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate"));
    }

    @Override
    public Object toJson() {
      return Json.object(
          "destination", destination, "type", type, "source", source, "options", options);
    }
  }
}
