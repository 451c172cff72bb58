package dev.pocketlinx.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves untrusted names (tar entries, symlink targets) inside one root directory, the way the
 * kernel would if that directory were {@code /}: absolute names start at the root, {@code ..} stops
 * at the root, and symlinks met on the way are read and resolved here, re-rooted, instead of being
 * left to the kernel. Every write into a rootfs or a layer goes through this class.
 *
 * <p>Why that is safe: each directory component of a returned path was checked not to be a symlink,
 * so the kernel follows no link when it opens the path, and the text of the path never climbs out
 * of the root. It holds while nothing else changes the tree between resolving and writing, which is
 * true for a layer being unpacked into a fresh private directory.
 */
public final class RootfsPath {

  /** As Linux's MAXSYMLINKS: more links than this on one resolution is a loop. */
  static final int MAX_SYMLINKS = 40;

  private final Path root;

  /**
   * @param root an existing directory, given by a path that contains no symlink
   */
  public RootfsPath(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * The path of {@code name} inside the root. Symlinks in the directory part are followed within
   * the root; the last component is never followed, so a symlink there is what the caller gets (to
   * replace, never to write through). The result may not exist yet.
   */
  public Path resolve(String name) throws IOException {
    return resolve(name, false);
  }

  /** As {@link #resolve(String)}, but a symlink in the last component is followed too. */
  public Path resolveFollowing(String name) throws IOException {
    return resolve(name, true);
  }

  private Path resolve(String name, boolean followLast) throws IOException {
    if (name.indexOf('\0') >= 0) {
      throw new IOException("invalid path '" + name.replace('\0', '?') + "' (contains NUL)");
    }
    Deque<String> pending = new ArrayDeque<>(split(name));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String component = pending.pollFirst();
      if (component.equals("..")) {
        // Never above the root: ".." of the root is the root, as for "/..".
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      Path candidate = join(resolved).resolve(component);
      boolean last = pending.isEmpty();
      if ((last && !followLast) || !Files.isSymbolicLink(candidate)) {
        resolved.add(component);
        continue;
      }

      // A symlink: its target replaces it, relative to its directory or, if absolute, to root.
      if (++links > MAX_SYMLINKS) {
        throw new IOException("too many levels of symbolic links resolving '" + name + "'");
      }
      String target = Files.readSymbolicLink(candidate).toString();
      if (target.isEmpty()) {
        throw new IOException("empty symbolic link " + candidate + " resolving '" + name + "'");
      }
      if (target.startsWith("/")) {
        resolved.clear();
      }
      List<String> targetComponents = split(target);
      for (int i = targetComponents.size() - 1; i >= 0; i--) {
        pending.addFirst(targetComponents.get(i));
      }
    }
    return join(resolved);
  }

  /** The components of a name, without empty ones and {@code .}. */
  private static List<String> split(String name) {
    List<String> components = new ArrayList<>();
    for (String component : name.split("/")) {
      if (!component.isEmpty() && !component.equals(".")) {
        components.add(component);
      }
    }
    return components;
  }

  private Path join(List<String> components) throws IOException {
    Path path = root;
    for (String component : components) {
      try {
        path = path.resolve(component);
      } catch (java.nio.file.InvalidPathException e) {
        throw new IOException("invalid path component '" + component + "'", e);
      }
    }
    return path;
  }
}
