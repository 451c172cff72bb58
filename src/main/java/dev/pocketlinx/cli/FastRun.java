package dev.pocketlinx.cli;

import dev.pocketlinx.container.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a well-formed {@code plx [--root DIR] [--log-level L] run ...} line without picocli, whose
 * start-up (about 150 ms of reflection) would otherwise be most of a {@code plx run}. Anything it
 * does not fully understand (help, an unknown or malformed option) makes it return empty, and the
 * line goes to picocli, which is the reference: {@code FastRunTest} checks that both read the same
 * options the same way.
 */
final class FastRun {

  /** Options that take a value, by every name they have, mapped to one key. */
  static final Map<String, String> VALUE_OPTIONS =
      Map.ofEntries(
          Map.entry("-e", "env"),
          Map.entry("--env", "env"),
          Map.entry("--env-file", "env-file"),
          Map.entry("-v", "volume"),
          Map.entry("--volume", "volume"),
          Map.entry("-w", "workdir"),
          Map.entry("--workdir", "workdir"),
          Map.entry("-u", "user"),
          Map.entry("--user", "user"),
          Map.entry("--hostname", "hostname"),
          Map.entry("--entrypoint", "entrypoint"),
          Map.entry("--network", "network"),
          Map.entry("--storage", "storage"),
          Map.entry("--runtime", "runtime"),
          Map.entry("--security-opt", "security-opt"),
          Map.entry("--root", "root"),
          Map.entry("--log-level", "log-level"));

  /** Options without a value. */
  static final Map<String, String> FLAG_OPTIONS =
      Map.of(
          "-i",
          "interactive",
          "--interactive",
          "interactive",
          "-t",
          "tty",
          "--tty",
          "tty",
          "--init",
          "init",
          "--read-only",
          "read-only",
          "--rm",
          "rm");

  private static final Set<String> GLOBAL = Set.of("--root", "--log-level");

  /** A parsed line: the global options and the run options. */
  record Parsed(Path root, String logLevel, RunOptions options) {}

  private FastRun() {}

  static Optional<Parsed> parse(String[] args) {
    int i = 0;
    Path root = null;
    String logLevel = null;

    // Global options before the subcommand.
    while (i < args.length && !args[i].equals("run")) {
      String[] nameValue = splitAttached(args[i]);
      if (!GLOBAL.contains(nameValue[0])) {
        return Optional.empty();
      }
      String value = nameValue[1];
      if (value == null) {
        if (++i >= args.length) {
          return Optional.empty();
        }
        value = args[i];
      }
      if (nameValue[0].equals("--root")) {
        root = Path.of(value);
      } else {
        logLevel = value;
      }
      i++;
    }
    if (i >= args.length) {
      return Optional.empty();
    }
    i++;

    List<String> env = new ArrayList<>();
    List<String> envFiles = new ArrayList<>();
    List<String> volumes = new ArrayList<>();
    List<String> securityOptions = new ArrayList<>();
    java.util.HashMap<String, String> single = new java.util.HashMap<>();
    Set<String> flags = new java.util.HashSet<>();
    List<String> positional = new ArrayList<>();

    // Run options, up to the first word that is not one: the image or the command.
    for (; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        i++;
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        break;
      }
      String[] nameValue = splitAttached(arg);
      String key = VALUE_OPTIONS.get(nameValue[0]);
      if (key != null) {
        String value = nameValue[1];
        if (value == null) {
          if (++i >= args.length) {
            return Optional.empty();
          }
          value = args[i];
        }
        switch (key) {
          case "env" -> env.add(value);
          case "env-file" -> envFiles.add(value);
          case "volume" -> volumes.add(value);
          case "security-opt" -> securityOptions.add(value);
          default -> {
            if (single.put(key, value) != null) {
              return Optional.empty();
            }
          }
        }
        continue;
      }
      if (nameValue[1] != null) {
        return Optional.empty();
      }
      String flag = FLAG_OPTIONS.get(arg);
      if (flag != null) {
        if (!flags.add(flag)) {
          // Given twice: picocli refuses that, and says so.
          return Optional.empty();
        }
        continue;
      }
      // Clustered short flags: -it, -ti. (A loop, not a stream: streams and lambdas cost a run
      // milliseconds of initialisation.)
      if (isFlagCluster(arg)) {
        for (int c = 1; c < arg.length(); c++) {
          if (!flags.add(arg.charAt(c) == 'i' ? "interactive" : "tty")) {
            return Optional.empty();
          }
        }
        continue;
      }
      return Optional.empty();
    }
    for (; i < args.length; i++) {
      positional.add(args[i]);
    }

    if (single.containsKey("root")) {
      root = Path.of(single.get("root"));
    }
    if (single.containsKey("log-level")) {
      logLevel = single.get("log-level");
    }
    RunOptions options =
        new RunOptions(
            positional,
            env,
            envFiles,
            volumes,
            single.get("workdir"),
            single.get("user"),
            single.get("hostname"),
            flags.contains("interactive"),
            flags.contains("tty"),
            flags.contains("init"),
            flags.contains("read-only"),
            single.get("entrypoint"),
            single.getOrDefault("network", "host"),
            single.get("storage"),
            single.get("runtime"),
            securityOptions);
    return Optional.of(new Parsed(root, logLevel, options));
  }

  /** {@code --name=value} as name and value; {@code -eKEY=V} as -e and KEY=V; else no value. */
  private static String[] splitAttached(String arg) {
    if (arg.startsWith("--")) {
      int eq = arg.indexOf('=');
      return eq < 0
          ? new String[] {arg, null}
          : new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
    }
    if (arg.length() > 2 && VALUE_OPTIONS.containsKey(arg.substring(0, 2))) {
      String value = arg.substring(2);
      return new String[] {arg.substring(0, 2), value.startsWith("=") ? value.substring(1) : value};
    }
    return new String[] {arg, null};
  }

  /** {@code -it}, {@code -ti}, {@code -iti}...: short flags i and t written together. */
  private static boolean isFlagCluster(String arg) {
    if (arg.length() <= 2 || arg.charAt(0) != '-' || arg.charAt(1) == '-') {
      return false;
    }
    for (int c = 1; c < arg.length(); c++) {
      if (arg.charAt(c) != 'i' && arg.charAt(c) != 't') {
        return false;
      }
    }
    return true;
  }
}
