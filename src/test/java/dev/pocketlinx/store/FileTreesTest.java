package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir Path temp;

  @Test
  void deleteRecursively_tree_removesEverythingButWhatLinksPointTo() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Path kept = Files.writeString(outside.resolve("kept"), "keep me");
    Path tree = Files.createDirectories(temp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("file"), "x");
    Files.createSymbolicLink(temp.resolve("tree/a/link-to-dir"), outside);
    Files.createSymbolicLink(temp.resolve("tree/link-to-file"), kept);
    Files.createSymbolicLink(temp.resolve("tree/dangling"), temp.resolve("nowhere"));

    FileTrees.deleteRecursively(temp.resolve("tree"));

    assertFalse(Files.exists(temp.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isRegularFile(kept));
  }

  @Test
  void deleteRecursively_linkAsTheRoot_removesOnlyTheLink() throws Exception {
    Path target = Files.createDirectories(temp.resolve("target"));
    Files.writeString(target.resolve("inside"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("link"), target);

    FileTrees.deleteRecursively(link);

    assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.exists(target.resolve("inside")));
  }

  @Test
  void deleteRecursively_missingPath_isNoOp() throws Exception {
    FileTrees.deleteRecursively(temp.resolve("missing"));
  }
}
