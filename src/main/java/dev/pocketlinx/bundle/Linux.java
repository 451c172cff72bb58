package dev.pocketlinx.bundle;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.ToJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec's {@code linux} object: namespaces, cgroup, device rules, hidden paths and the
 * system-call filter.
 *
 * @param seccomp the system-call filter; null for none
 */
public record Linux(
    List<String> namespaces,
    String cgroupsPath,
    List<Map<String, Object>> deviceRules,
    List<String> maskedPaths,
    List<String> readonlyPaths,
    Seccomp seccomp)
    implements ToJson {

  public Linux {
    namespaces = List.copyOf(namespaces);
    deviceRules = List.copyOf(deviceRules);
    maskedPaths = List.copyOf(maskedPaths);
    readonlyPaths = List.copyOf(readonlyPaths);
  }

  @Override
  public Object toJson() {
    List<Object> ns = new ArrayList<>();
    for (String type : namespaces) {
      ns.add(Json.object("type", type));
    }
    return Json.object(
        "namespaces", ns,
        "cgroupsPath", cgroupsPath,
        "resources", Json.object("devices", deviceRules),
        "maskedPaths", maskedPaths,
        "readonlyPaths", readonlyPaths,
        "seccomp", seccomp);
  }
}
