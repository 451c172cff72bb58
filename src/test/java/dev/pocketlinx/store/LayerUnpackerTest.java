package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layers must never write outside the target. Each attack aims at {@code outside}, a
 * sibling of the target in the test's own temporary directory, so a failure harms nothing else;
 * after each test {@code outside} must still hold exactly the one file it started with.
 */
class LayerUnpackerTest {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path base;
  private Path target;
  private Path outside;
  private Path victim;

  @BeforeEach
  void setUp() throws IOException {
    base = base.toRealPath();
    target = Files.createDirectory(base.resolve("target"));
    outside = Files.createDirectory(base.resolve("outside"));
    victim = Files.writeString(outside.resolve("victim"), "original");
  }

  @AfterEach
  void nothingLandedOutside() throws IOException {
    try (Stream<Path> files = Files.list(outside)) {
      assertEquals(List.of(victim), files.toList(), "files appeared outside the target");
    }
    assertEquals("original", Files.readString(victim));
    assertEquals(1, Files.getAttribute(victim, "unix:nlink"), "the victim got a hardlink");
    try (Stream<Path> files = Files.list(base)) {
      assertEquals(2, files.count(), "files appeared beside the target");
    }
  }

  private LayerUnpacker.Result unpack(byte[] layer) throws IOException {
    return new LayerUnpacker(false).unpack(new ByteArrayInputStream(layer), target, new Rollback());
  }

  @Test
  void unpack_confinesDotDotNames() throws IOException {
    unpack(
        new TarBuilder()
            .file("../outside/victim", "overwritten")
            .file("a/../../../outside/new", "x")
            .build());

    assertEquals("overwritten", Files.readString(target.resolve("outside/victim")));
    assertTrue(Files.isRegularFile(target.resolve("outside/new")));
  }

  @Test
  void unpack_confinesAbsoluteNames() throws IOException {
    unpack(new TarBuilder().file(victim.toString(), "overwritten").build());

    Path confined = target.resolve(victim.toString().substring(1));
    assertEquals("overwritten", Files.readString(confined));
  }

  @Test
  void unpack_confinesWritesThroughAbsoluteSymlinkToDirectory() throws IOException {
    unpack(
        new TarBuilder()
            .symlink("escape", outside.toString())
            .file("escape/victim", "overwritten")
            .file("escape/new", "x")
            .symlink("root", "/")
            .file("root" + outside + "/new2", "x")
            .build());

    Path confined = target.resolve(outside.toString().substring(1));
    assertEquals("overwritten", Files.readString(confined.resolve("victim")));
    assertTrue(Files.isRegularFile(confined.resolve("new2")));
    assertTrue(Files.isSymbolicLink(target.resolve("escape")));
  }

  @Test
  void unpack_confinesWritesThroughRelativeSymlinkClimbingOut() throws IOException {
    unpack(new TarBuilder().symlink("up", "../outside").file("up/victim", "overwritten").build());

    assertEquals("overwritten", Files.readString(target.resolve("outside/victim")));
  }

  @Test
  void unpack_replacesSymlinkInLastComponentInsteadOfWritingThrough() throws IOException {
    unpack(
        new TarBuilder()
            .symlink("file", victim.toString())
            .file("file", "new content")
            .symlink("dir", outside.toString())
            .dir("dir", 0755)
            .build());

    assertFalse(Files.isSymbolicLink(target.resolve("file")));
    assertEquals("new content", Files.readString(target.resolve("file")));
    assertTrue(Files.isDirectory(target.resolve("dir"), NOFOLLOW));
  }

  @Test
  void unpack_rejectsSymlinkLoop() {
    byte[] layer = new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "x").build();

    IOException e = assertThrows(IOException.class, () -> unpack(layer));
    assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
  }

  @Test
  void unpack_rejectsHardlinkToFileOutside() {
    for (String target :
        List.of(
            victim.toString(),
            "../outside/victim",
            "../../" + base.getFileName() + "/outside/victim")) {
      byte[] layer = new TarBuilder().hardlink("stolen", target).build();

      IOException e = assertThrows(IOException.class, () -> unpack(layer), target);
      assertTrue(e.getMessage().contains("not a file in the layer"), e.getMessage());
    }
  }

  @Test
  void unpack_linksHardlinkThroughSymlinkToTheSymlinkItself() throws IOException {
    unpack(
        new TarBuilder()
            .symlink("pointer", victim.toString())
            .hardlink("stolen", "pointer")
            .build());

    assertTrue(Files.isSymbolicLink(target.resolve("stolen")));
  }

  @Test
  void unpack_makesHardlinkInsideLayer() throws IOException {
    unpack(new TarBuilder().file("bin/busybox", "elf").hardlink("bin/ls", "bin/busybox").build());

    assertEquals(2, Files.getAttribute(target.resolve("bin/busybox"), "unix:nlink"));
  }

  @Test
  void unpack_rejectsWhiteouts() {
    for (String name : List.of(".wh.removed", "etc/.wh.passwd", "usr/.wh..wh..opq")) {
      byte[] layer = new TarBuilder().file(name, "").build();

      IOException e = assertThrows(IOException.class, () -> unpack(layer), name);
      assertTrue(
          e.getMessage().contains("multi-layer images are not supported yet"), e.getMessage());
    }
  }

  /** An entry's name is quoted in an error on one line, however it is made. */
  @Test
  void unpack_nameWithNewlineAndControlCharacters_isShownOnOneLine() {
    byte[] layer = new TarBuilder().file("a\nplx: fake line\u001b[2J/.wh.x", "").build();

    IOException e = assertThrows(IOException.class, () -> unpack(layer));

    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    assertTrue(e.getMessage().contains("a\\x0aplx: fake line"), e.getMessage());
  }

  @Test
  void unpack_rejectsFileReplacingTheRoot() {
    byte[] layer = new TarBuilder().file("..", "x").build();

    assertThrows(IOException.class, () -> unpack(layer));
  }

  @Test
  void unpack_skipsDevicesAndFifos() throws IOException {
    unpack(
        new TarBuilder()
            .special("dev/null", TarEntry.CHAR_DEVICE)
            .special("dev/sda", TarEntry.BLOCK_DEVICE)
            .special("run/fifo", TarEntry.FIFO)
            .file("etc/ok", "x")
            .build());

    assertFalse(Files.exists(target.resolve("dev/null"), NOFOLLOW));
    assertFalse(Files.exists(target.resolve("run/fifo"), NOFOLLOW));
    assertTrue(Files.isRegularFile(target.resolve("etc/ok")));
  }

  @Test
  void unpack_appliesModesIncludingSetuidAndSticky() throws IOException {
    unpack(
        new TarBuilder()
            .dir("tmp", 01777)
            .file("bin/su", "x".getBytes(), 04755)
            .file("bin/wall", "x".getBytes(), 02711)
            .dir("ro", 0555)
            .file("ro/inside", "x")
            .build());

    assertEquals(01777, mode("tmp"));
    assertEquals(04755, mode("bin/su"));
    assertEquals(02711, mode("bin/wall"));
    assertEquals(0555, mode("ro"));
  }

  @Test
  void unpack_appliesOwnershipAsRoot() throws IOException {
    assertRoot();
    byte[] layer =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("home/user/file", TarEntry.REGULAR)
                    .mode(04750)
                    .owner(1000, 1001),
                new byte[0])
            .entry(
                new TarBuilder.Header("home/user/link", TarEntry.SYMLINK)
                    .link("file")
                    .owner(1002, 1003),
                new byte[0])
            .build();

    new LayerUnpacker(true).unpack(new ByteArrayInputStream(layer), target, new Rollback());

    Path file = target.resolve("home/user/file");
    assertEquals(1000, Files.getAttribute(file, "unix:uid"));
    assertEquals(1001, Files.getAttribute(file, "unix:gid"));
    assertEquals(04750, mode("home/user/file"), "chown must not have cleared setuid");
    Path link = target.resolve("home/user/link");
    assertEquals(1002, Files.getAttribute(link, "unix:uid", NOFOLLOW));
    assertEquals(1000, Files.getAttribute(link, "unix:uid"));
  }

  @Test
  void unpack_appliesOwnersPastIntExactly() throws IOException {
    assertRoot();
    byte[] layer =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("file", TarEntry.REGULAR)
                    .base256(108, 8, 4_294_967_294L)
                    .base256(116, 8, 3_000_000_000L),
                new byte[0])
            .build();

    new LayerUnpacker(true).unpack(new ByteArrayInputStream(layer), target, new Rollback());

    Path file = target.resolve("file");
    assertEquals(
        4_294_967_294L, Integer.toUnsignedLong((int) Files.getAttribute(file, "unix:uid")));
    assertEquals(
        3_000_000_000L, Integer.toUnsignedLong((int) Files.getAttribute(file, "unix:gid")));
  }

  @Test
  void unpack_refusesUidThatWouldWrapToRoot() throws IOException {
    assertRoot();
    // 2^32 cast to an int is 0: a setuid file owned by root.
    byte[] layer =
        new TarBuilder()
            .pax('x', "uid", "4294967296", "gid", "4294967296")
            .file("bin/su", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 04755)
            .build();

    assertThrows(
        InvalidTarException.class,
        () ->
            new LayerUnpacker(true)
                .unpack(new ByteArrayInputStream(layer), target, new Rollback()));
    assertFalse(Files.exists(target.resolve("bin/su"), NOFOLLOW));
  }

  @Test
  void unpack_appliesMtimesToFilesDirectoriesAndSymlinks() throws IOException {
    unpack(
        new TarBuilder()
            .entry(
                new TarBuilder.Header("d", TarEntry.DIRECTORY).mode(0755).mtime(1_000_000),
                new byte[0])
            .entry(new TarBuilder.Header("d/f", TarEntry.REGULAR).mtime(2_000_000), new byte[0])
            .entry(
                new TarBuilder.Header("d/l", TarEntry.SYMLINK).link("f").mtime(3_000_000),
                new byte[0])
            .build());

    assertEquals(
        FileTime.fromMillis(1_000_000_000L), Files.getLastModifiedTime(target.resolve("d")));
    assertEquals(
        FileTime.fromMillis(2_000_000_000L), Files.getLastModifiedTime(target.resolve("d/f")));
    assertEquals(
        FileTime.fromMillis(3_000_000_000L),
        Files.getLastModifiedTime(target.resolve("d/l"), NOFOLLOW));
  }

  @Test
  void unpack_computesDiffIdAndDigestOfGzipLayer() throws IOException {
    TarBuilder builder = new TarBuilder().file("etc/alpine-release", "3.20.3\n");
    byte[] tar = builder.build();
    byte[] gzip = builder.buildGzip();

    LayerUnpacker.Result result = unpack(gzip);

    assertTrue(result.gzip());
    assertEquals(Digest.of(tar), result.diffId());
    assertEquals(Digest.of(gzip), result.digest());
    assertEquals(gzip.length, result.size());
  }

  @Test
  void unpack_computesDiffIdOverTrailingPaddingOfPlainLayer() throws IOException {
    byte[] tar = new TarBuilder().file("a", "x").build();
    byte[] padded = java.util.Arrays.copyOf(tar, tar.length + 8192);

    LayerUnpacker.Result result = unpack(padded);

    assertFalse(result.gzip());
    assertEquals(Digest.of(padded), result.diffId());
    assertEquals(result.diffId(), result.digest());
  }

  @Test
  void unpack_rejectsTruncatedGzip() {
    byte[] gzip = new TarBuilder().file("a", new byte[100_000], 0644).buildGzip();
    byte[] truncated = java.util.Arrays.copyOf(gzip, gzip.length / 2);

    assertThrows(IOException.class, () -> unpack(truncated));
  }

  private static void assertRoot() throws IOException {
    assertEquals(
        0,
        Files.getAttribute(Path.of("/proc/self"), "unix:uid"),
        "this test needs root: run the suite as root");
  }

  private int mode(String name) throws IOException {
    return (Integer) Files.getAttribute(target.resolve(name), "unix:mode", NOFOLLOW) & 07777;
  }
}
