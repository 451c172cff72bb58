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
 * A read-only look at an image's files as the container will see them: the layers merged, top layer
 * first, symbolic links resolved as the container would resolve them. Used before the container
 * starts, to read /etc/passwd and to find the command.
 */
public final class ImageFiles {

  private static final int MAX_LINKS = 40;

  private final List<Path> layersTopFirst;

  public ImageFiles(List<Path> layersTopFirst) {
    this.layersTopFirst = List.copyOf(layersTopFirst);
  }

  /**
   * The host path holding a container path, if the image has it. Safe against links that point out
   * of the image: every link is resolved here, against the image's own root, and only plain names
   * (never "..", never a "/") are ever appended to a layer directory.
   */
  public Optional<Path> resolve(String containerPath) {
    Deque<String> pending = deque(split(containerPath));
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
    // The root itself: the top layer. (No stream here: initialising the stream classes costs a run
    // milliseconds.)
    if (resolved.isEmpty()) {
      return layersTopFirst.isEmpty() ? Optional.empty() : Optional.of(layersTopFirst.get(0));
    }
    return find(resolved);
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

  /**
   * The entry a path of plain names leads to in the merged layers, as overlayfs merges them:
   * directories of the same name merge, and any other entry hides what the layers below have there.
   * Every step is checked with no link followed, so a link in a lower layer is never walked through
   * by the host (the caller resolves links itself, against the image's root).
   */
  private Optional<Path> find(List<String> names) {
    List<Path> dirs = layersTopFirst;
    for (int i = 0; i < names.size(); i++) {
      boolean last = i == names.size() - 1;
      List<Path> merged = new ArrayList<>();
      for (Path dir : dirs) {
        Path candidate = dir.resolve(names.get(i));
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (last) {
          return Optional.of(candidate);
        }
        if (!Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
          break;
        }
        merged.add(candidate);
      }
      if (merged.isEmpty()) {
        return Optional.empty();
      }
      dirs = merged;
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

  /**
   * A deque of the names, filled by a loop: ArrayDeque's copy constructor goes through a method
   * reference, and the first lambda of a run costs it milliseconds of bootstrapping.
   */
  private static Deque<String> deque(List<String> names) {
    Deque<String> deque = new ArrayDeque<>();
    for (String name : names) {
      deque.addLast(name);
    }
    return deque;
  }
}
