package dev.pocketlinx.bundle;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.json.ToJson;
import java.util.List;

/**
 * The runtime-spec's {@code linux.seccomp}: a system-call filter the OCI runtime loads into the
 * container's first process, which every process of the container inherits.
 *
 * @param defaultAction what happens to a call no rule matches
 * @param architectures the system-call ABIs the filter covers; empty for the runtime's native one
 *     only, in which case a call through another ABI (a 32-bit one on a 64-bit host) kills the
 *     caller
 */
public record Seccomp(String defaultAction, List<String> architectures, List<Syscall> syscalls)
    implements ToJson {

  public static final String ALLOW = "SCMP_ACT_ALLOW";
  public static final String ERRNO = "SCMP_ACT_ERRNO";

  /** Matches when the argument, and-ed with {@code value}, equals {@code valueTwo}. */
  public static final String MASKED_EQ = "SCMP_CMP_MASKED_EQ";

  public Seccomp {
    architectures = List.copyOf(architectures);
    syscalls = List.copyOf(syscalls);
  }

  @Override
  public Object toJson() {
    return Json.object(
        "defaultAction", defaultAction,
        "architectures", architectures.isEmpty() ? null : architectures,
        "syscalls", syscalls);
  }

  /**
   * One rule: the named calls get {@code action} when every condition in {@code args} holds. Rules
   * for the same call are alternatives; the runtime turns two conditions on the same argument into
   * two rules, so a rule can test each argument once only.
   *
   * @param errnoRet the error the call returns, with {@link #ERRNO}; null with other actions
   */
  public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args)
      implements ToJson {

    public Syscall {
      names = List.copyOf(names);
      args = List.copyOf(args);
    }

    /** The named calls fail with {@code errno}, whatever their arguments. */
    public static Syscall errno(int errno, List<String> names) {
      return new Syscall(names, ERRNO, errno, List.of());
    }

    @Override
    public Object toJson() {
      return Json.object(
          "names", names,
          "action", action,
          "errnoRet", errnoRet,
          "args", args.isEmpty() ? null : args);
    }
  }

  /**
   * A condition on the argument at {@code index} (from 0), compared with {@code op}; for {@link
   * #MASKED_EQ}, {@code value} is the mask and {@code valueTwo} the expected result.
   */
  public record Arg(int index, long value, long valueTwo, String op) implements ToJson {

    @Override
    public Object toJson() {
      return Json.object("index", index, "value", value, "valueTwo", valueTwo, "op", op);
    }
  }
}
