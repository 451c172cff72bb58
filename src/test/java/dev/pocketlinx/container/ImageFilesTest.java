package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two layer directories, top and lower, and a host directory that must never be reached. */
class ImageFilesTest {

  @TempDir Path tmp;

  private Path top;
  private Path lower;
  private Path host;
  private ImageFiles files;

  @BeforeEach
  void makeLayers() throws IOException {
    top = Files.createDirectories(tmp.resolve("layers/top"));
    lower = Files.createDirectories(tmp.resolve("layers/lower"));
    host = Files.createDirectories(tmp.resolve("host"));
    Files.writeString(host.resolve("secret"), "host secret");
    Files.createDirectories(host.resolve("etc"));
    Files.writeString(host.resolve("etc/passwd"), "host passwd");

    write(lower, "etc/passwd", "image passwd");
    write(lower, "etc/os-release", "lower");
    write(top, "etc/os-release", "top");
    write(lower, "bin/busybox", "busybox");
    files = new ImageFiles(List.of(top, lower));
  }

  private static void write(Path layer, String name, String text) throws IOException {
    Path file = layer.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static void link(Path layer, String name, String target) throws IOException {
    Path file = layer.resolve(name);
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, Path.of(target));
  }

  /** Fails when a resolved path lies outside every layer directory. */
  private void assertInsideLayers(Optional<Path> resolved) throws IOException {
    if (resolved.isPresent()) {
      Path real = resolved.get().toRealPath();
      assertTrue(
          real.startsWith(top.toRealPath()) || real.startsWith(lower.toRealPath()),
          "resolved outside the image: " + real);
    }
  }

  @Test
  void readString_fileInTopLayer_hidesTheLowerOne() {
    assertEquals(Optional.of("top"), files.readString("/etc/os-release"));
  }

  @Test
  void readString_fileOnlyInLowerLayer_isFound() {
    assertEquals(Optional.of("image passwd"), files.readString("/etc/passwd"));
  }

  @Test
  void resolve_missingFile_isEmpty() {
    assertEquals(Optional.empty(), files.resolve("/etc/nothing"));
    assertEquals(Optional.empty(), files.resolve("/nothing/at/all"));
  }

  @Test
  void resolve_root_isTheTopLayer() {
    assertEquals(Optional.of(top), files.resolve("/"));
  }

  @Test
  void resolve_relativeLinkInTopLayer_findsItsTargetInTheLowerLayer() throws IOException {
    link(top, "usr/bin/env", "../../bin/busybox");

    assertEquals(Optional.of(lower.resolve("bin/busybox")), files.resolve("/usr/bin/env"));
  }

  @Test
  void resolve_absoluteLink_isResolvedInsideTheImage() throws IOException {
    link(top, "usr/bin/env", "/bin/busybox");
    link(top, "hostetc", "/etc");
    link(top, "escape", host.resolve("secret").toString());

    assertEquals(Optional.of(lower.resolve("bin/busybox")), files.resolve("/usr/bin/env"));
    assertEquals(Optional.of("image passwd"), files.readString("/hostetc/passwd"));
    assertEquals(Optional.empty(), files.resolve("/escape"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/../../../../etc/passwd",
        "../etc/passwd",
        "/etc/../../etc/passwd",
        "/bin/../../../etc/./passwd",
        "//etc//passwd",
      })
  void readString_dotDotAboveTheRoot_staysAtTheRoot(String path) {
    assertEquals(Optional.of("image passwd"), files.readString(path));
  }

  @Test
  void readString_linkClimbingAboveTheRoot_staysInsideTheImage() throws IOException {
    link(top, "x", "../../../../etc");
    link(lower, "usr/lib/deep", "../../../../../../../../etc/passwd");

    assertEquals(Optional.of("image passwd"), files.readString("/x/passwd"));
    assertEquals(Optional.of("image passwd"), files.readString("/usr/lib/deep"));
  }

  @Test
  void resolve_linkChainThroughBothLayers_isFollowed() throws IOException {
    link(top, "a", "b");
    link(lower, "b", "/c");
    link(top, "c", "etc/passwd");

    assertEquals(Optional.of("image passwd"), files.readString("/a"));
  }

  @Test
  void resolve_linkLoop_isEmpty() throws IOException {
    link(top, "loop1", "loop2");
    link(lower, "loop2", "/loop1");
    link(top, "self", "self");
    link(top, "dirloop", "./dirloop/x");

    assertEquals(Optional.empty(), files.resolve("/loop1"));
    assertEquals(Optional.empty(), files.resolve("/self"));
    assertEquals(Optional.empty(), files.resolve("/dirloop"));
  }

  @Test
  void resolve_manyLinksInARow_areFollowedUpToTheLimit() throws IOException {
    for (int i = 0; i < 30; i++) {
      link(top, "l" + i, "l" + (i + 1));
    }
    link(top, "l30", "/etc/passwd");

    assertEquals(Optional.of("image passwd"), files.readString("/l0"));
  }

  /**
   * A directory in the top layer hides a link of the same name below it, as overlayfs does; the
   * lower layer's link must never be followed by the host.
   */
  @Test
  void resolve_lowerLayerLinkUnderATopLayerDirectory_neverLeadsToTheHost() throws IOException {
    Files.createDirectories(top.resolve("a"));
    link(lower, "a", host.toString());

    Optional<Path> resolved = files.resolve("/a/secret");

    assertInsideLayers(resolved);
    assertEquals(Optional.empty(), files.readString("/a/secret"));
  }

  @Test
  void resolve_lowerLayerRelativeLinkUnderATopLayerDirectory_neverLeadsToTheHost()
      throws IOException {
    Files.createDirectories(top.resolve("a"));
    link(lower, "a", "../../host");

    assertInsideLayers(files.resolve("/a/secret"));
    assertInsideLayers(files.resolve("/a/etc/passwd"));
  }

  @Test
  void readString_directory_isEmpty() {
    assertEquals(Optional.empty(), files.readString("/etc"));
  }
}
