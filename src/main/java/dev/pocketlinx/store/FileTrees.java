package dev.pocketlinx.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Whole-tree operations on the host file system. */
public final class FileTrees {

  private FileTrees() {}

  /**
   * Deletes a file or a directory tree. Symbolic links are removed, never followed, so a link
   * inside a container's files cannot make this delete anything outside the tree. (Plain java.io
   * calls: the NIO tree walker costs a {@code plx run} milliseconds to start up.)
   */
  public static void deleteRecursively(Path path) throws IOException {
    File file = path.toFile();
    if (!Files.isSymbolicLink(path)) {
      File[] children = file.listFiles();
      if (children != null) {
        for (File child : children) {
          deleteRecursively(child.toPath());
        }
      }
    }
    if (!file.delete() && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          "cannot delete "
              + path
              + (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                  ? " (a directory that is " + "not empty or is a mount point)"
                  : ""));
    }
  }
}
