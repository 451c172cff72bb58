package dev.pocketlinx.container;

import dev.pocketlinx.PlxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bind mount of a host path, from {@code -v HOST:CONTAINER[:ro|rw]}. A relative host path is
 * taken from the current directory; the host path must exist.
 */
public record Volume(Path source, String destination, boolean readonly) {

  public static Volume parse(String text, Path cwd) throws PlxException {
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new PlxException(
          "invalid volume '"
              + text
              + "': use -v HOST:CONTAINER[:ro|rw] "
              + "(paths with ':' cannot be mounted)");
    }
    boolean readonly = false;
    if (parts.length == 3) {
      switch (parts[2]) {
        case "ro" -> readonly = true;
        case "rw" -> readonly = false;
        default ->
            throw new PlxException(
                "invalid volume '"
                    + text
                    + "': use HOST:CONTAINER"
                    + "[:ro|rw] (paths with ':' cannot be mounted)");
      }
    }
    String destination = parts[1];
    if (!destination.startsWith("/")) {
      throw new PlxException("invalid volume '" + text + "': the container path must be absolute");
    }
    String normalized = Path.of(destination).normalize().toString();
    if (normalized.equals("/")) {
      throw new PlxException("invalid volume '" + text + "': cannot mount over the root");
    }
    Path source = cwd.resolve(parts[0]).toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw new PlxException("volume source " + source + " does not exist; create it first");
    }
    return new Volume(source, normalized, readonly);
  }
}
