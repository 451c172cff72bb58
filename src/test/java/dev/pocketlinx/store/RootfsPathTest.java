package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RootfsPathTest {

  @TempDir Path base;
  private Path root;
  private RootfsPath rootfs;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(base.resolve("root")).toRealPath();
    rootfs = new RootfsPath(root);
    Files.createDirectories(root.resolve("usr/lib"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "etc/passwd,            etc/passwd",
    "./etc//passwd,         etc/passwd",
    "/etc/passwd,           etc/passwd",
    "../../etc/passwd,      etc/passwd",
    "usr/../../../etc/x,    etc/x",
    "usr/lib/../../x,       x",
    "'..',                  ''",
    "'/',                   ''",
  })
  void resolve_keepsNamesInsideRoot(String name, String expected) throws IOException {
    assertEquals(root.resolve(expected), rootfs.resolve(name));
  }

  @Test
  void resolve_reRootsAbsoluteSymlinkInDirectoryPart() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));

    assertEquals(root.resolve("etc/shadow"), rootfs.resolve("escape/etc/shadow"));
    assertEquals(root.resolve("usr/lib/libc.so"), rootfs.resolve("lib/libc.so"));
  }

  @Test
  void resolve_keepsClimbingRelativeSymlinkInsideRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("usr/lib/up"), Path.of("../../../../../../tmp"));

    assertEquals(root.resolve("tmp/x"), rootfs.resolve("usr/lib/up/x"));
  }

  @Test
  void resolve_doesNotFollowLastComponent() throws IOException {
    Files.createSymbolicLink(root.resolve("link"), base);

    assertEquals(root.resolve("link"), rootfs.resolve("link"));
  }

  @Test
  void resolveFollowing_followsLastComponentInsideRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("link"), Path.of("/usr/lib"));
    Files.createSymbolicLink(root.resolve("outside"), base);

    assertEquals(root.resolve("usr/lib"), rootfs.resolveFollowing("link"));
    assertTrue(rootfs.resolveFollowing("outside").startsWith(root));
  }

  @Test
  void resolve_rejectsSymlinkLoop() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));

    IOException e = assertThrows(IOException.class, () -> rootfs.resolve("a/file"));
    assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
  }

  @Test
  void resolve_rejectsNul() {
    assertThrows(IOException.class, () -> rootfs.resolve("etc/\0passwd"));
  }
}
