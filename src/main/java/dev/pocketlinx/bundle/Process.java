package dev.pocketlinx.bundle;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.ToJson;
import java.util.List;

/** The runtime-spec's {@code process}: what runs in the container and with which rights. */
public record Process(
    boolean terminal,
    User user,
    List<String> args,
    List<String> env,
    String cwd,
    Capabilities capabilities,
    List<Rlimit> rlimits,
    boolean noNewPrivileges)
    implements ToJson {

  public Process {
    args = List.copyOf(args);
    env = List.copyOf(env);
    rlimits = List.copyOf(rlimits);
  }

  @Override
  public Object toJson() {
    return Json.object(
        "terminal", terminal,
        "user", user,
        "args", args,
        "env", env,
        "cwd", cwd,
        "capabilities", capabilities,
        "rlimits", rlimits.isEmpty() ? null : rlimits,
        "noNewPrivileges", noNewPrivileges);
  }

  /** The user and groups the process runs as. */
  public record User(long uid, long gid, List<Long> additionalGids) implements ToJson {

    public User {
      additionalGids = List.copyOf(additionalGids);
    }

    @Override
    public Object toJson() {
      return Json.object(
          "uid", uid,
          "gid", gid,
          "additionalGids", additionalGids.isEmpty() ? null : additionalGids);
    }
  }

  /**
   * The capability sets. The bounding set is always the default list, so a setuid program can still
   * gain it; a non-root process starts with nothing effective, as under Docker. The inheritable set
   * stays empty, so no capability survives an exec by a non-root program (CVE-2022-24769).
   */
  public record Capabilities(List<String> bounding, List<String> effective) implements ToJson {

    public Capabilities {
      bounding = List.copyOf(bounding);
      effective = List.copyOf(effective);
    }

    @Override
    public Object toJson() {
      return Json.object(
          "bounding", bounding,
          "effective", effective,
          "inheritable", List.of(),
          "permitted", effective);
    }
  }

  /** A resource limit, as setrlimit(2) takes it. */
  public record Rlimit(String type, long soft, long hard) implements ToJson {
    @Override
    public Object toJson() {
      return Json.object("type", type, "soft", soft, "hard", hard);
    }
  }
}
