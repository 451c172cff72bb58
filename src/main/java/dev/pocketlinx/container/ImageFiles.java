package dev.pocketlinx.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A read-only look at an image's files as the container will see them: the layers merged, top
 * layer first, symbolic links resolved as the container would resolve them. Used before the
 * container starts, to read /etc/passwd and to find the command.
 */
public final class ImageFiles {

  private static final int MAX_LINKS = 40;

  private final List<Path> layersTopFirst;

  public ImageFiles(List<Path> layersTopFirst) {
    this.layersTopFirst = List.copyOf(layersTopFirst);
  }

  /**
   * The host path holding a container path, if the image has it. Safe against links that point
   * out of the image: every link is resolved here, against the image's own root, and only plain
   * names (never "..", never a "/") are ever appended to a layer directory.
   */
  public Optional<Path> resolve(String containerPath) {
    Deque<String> pending = new ArrayDeque<>(split(containerPath));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.pollFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      resolved.add(name);
      Optional<Path> hit = find(resolved);
      if (hit.isEmpty()) {
        return Optional.empty();
      }
      if (Files.isSymbolicLink(hit.get())) {
        if (++links > MAX_LINKS) {
          return Optional.empty();
        }
        String target;
        try {
          target = Files.readSymbolicLink(hit.get()).toString();
        } catch (IOException e) {
          return Optional.empty();
        }
        resolved.remove(resolved.size() - 1);
        if (target.startsWith("/")) {
          resolved.clear();
        }
        List<String> targetNames = split(target);
        for (int i = targetNames.size() - 1; i >= 0; i--) {
          pending.addFirst(targetNames.get(i));
        }
      }
    }
    return resolved.isEmpty() ? layersTopFirst.stream().findFirst() : find(resolved);
  }

  /** Reads a text file of the image, if it has it. */
  public Optional<String> readString(String containerPath) {
    Optional<Path> file = resolve(containerPath);
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file.get()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Optional<Path> find(List<String> names) {
    for (Path layer : layersTopFirst) {
      Path candidate = layer;
      for (String name : names) {
        candidate = candidate.resolve(name);
      }
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<String> split(String path) {
    List<String> names = new ArrayList<>();
    for (String name : path.split("/")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
