package dev.pocketlinx.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Finds host programs: by path, or by name on PATH and the sbin directories root expects. */
public final class Executables {

  private static final String[] SYSTEM_DIRS = {
    "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"
  };

  private Executables() {}

  public static Optional<Path> find(String nameOrPath) {
    if (nameOrPath.contains("/")) {
      Path path = Path.of(nameOrPath).toAbsolutePath();
      return Files.isRegularFile(path) && Files.isExecutable(path)
          ? Optional.of(path)
          : Optional.empty();
    }
    Set<String> dirs = new LinkedHashSet<>();
    String env = System.getenv("PATH");
    if (env != null) {
      for (String dir : env.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          dirs.add(dir);
        }
      }
    }
    dirs.addAll(java.util.List.of(SYSTEM_DIRS));
    for (String dir : dirs) {
      Path candidate = Path.of(dir, nameOrPath);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
