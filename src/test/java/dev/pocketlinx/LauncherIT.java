package dev.pocketlinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.store.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./plx} launcher in a copy of the sources, as a user meets it after a clone: it builds
 * the jar once (even when two commands start together), rebuilds it when a source is newer, keeps a
 * class-data-sharing archive beside it, works through a symbolic link, and reports a failed build
 * in plain text.
 */
class LauncherIT {

  private static final Path BASEDIR = Path.of(System.getProperty("plx.basedir"));
  private static final long BUILD_TIMEOUT_SECONDS = 300;
  private static final String BUILDING = "plx: building target/plx.jar";

  private Path checkout;

  private record Result(int exit, String out, String err) {
    String describe() {
      return "exit " + exit + ", stdout [" + out + "], stderr [" + err + "]";
    }
  }

  @BeforeEach
  void copySources() throws IOException {
    checkout = Files.createTempDirectory("plx-launcher-it-").toRealPath();
    Files.copy(BASEDIR.resolve("pom.xml"), checkout.resolve("pom.xml"));
    Files.copy(BASEDIR.resolve("plx"), checkout.resolve("plx"), StandardCopyOption.COPY_ATTRIBUTES);
    Path sources = BASEDIR.resolve("src/main");
    try (Stream<Path> tree = Files.walk(sources)) {
      for (Path from : tree.toList()) {
        Path to = checkout.resolve("src/main").resolve(sources.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
  }

  @AfterEach
  void removeCopy() throws IOException {
    FileTrees.deleteRecursively(checkout);
  }

  @Test
  void launcher_buildsOnceArchivesRebuildsWhenStaleAndWorksThroughALink() throws Exception {
    // Two first commands at once: one builds, the other waits for it and builds nothing.
    Process first = start(checkout.resolve("plx"), "version");
    Process second = start(checkout.resolve("plx"), "version");
    Result one = finish(first);
    Result two = finish(second);

    assertEquals(0, one.exit(), one.describe());
    assertEquals(0, two.exit(), two.describe());
    assertTrue(one.out().startsWith("plx "), one.describe());
    assertTrue(two.out().startsWith("plx "), two.describe());
    assertEquals(1, count(one.err() + two.err(), BUILDING), one.describe() + two.describe());
    assertNoEscapes(one.err() + two.err());
    assertTrue(Files.isRegularFile(checkout.resolve("target/plx.jar")));
    assertTrue(Files.isRegularFile(checkout.resolve("target/plx.jsa")), "no CDS archive");

    // Up to date: no build.
    Result again = finish(start(checkout.resolve("plx"), "version"));
    assertEquals(0, again.exit(), again.describe());
    assertEquals("", again.err());

    // Through a link from another directory, as when installed into PATH.
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("plx"), checkout.resolve("plx"));
    Result linked = finish(start(link, "version"));
    assertEquals(0, linked.exit(), linked.describe());
    assertEquals("", linked.err());

    // A source newer than the jar: built again, and a fresh archive recorded.
    Path source = checkout.resolve("src/main/java/dev/pocketlinx/ExitCodes.java");
    Instant later = Files.getLastModifiedTime(checkout.resolve("target/plx.jar")).toInstant();
    Files.setLastModifiedTime(source, FileTime.from(later.plusSeconds(5)));
    Result rebuilt = finish(start(checkout.resolve("plx"), "version"));
    assertEquals(0, rebuilt.exit(), rebuilt.describe());
    assertEquals(1, count(rebuilt.err(), BUILDING), rebuilt.describe());
    assertFalse(
        Files.getLastModifiedTime(checkout.resolve("target/plx.jsa"))
            .toInstant()
            .isBefore(Files.getLastModifiedTime(checkout.resolve("target/plx.jar")).toInstant()),
        "the archive is older than the rebuilt jar");
  }

  @Test
  void brokenSource_exits125WithMavensErrorAndOnePlxLine() throws Exception {
    Files.writeString(
        checkout.resolve("src/main/java/dev/pocketlinx/Broken.java"),
        "package dev.pocketlinx;\nclass Broken {\n");

    Result result = finish(start(checkout.resolve("plx"), "version"));

    assertEquals(125, result.exit(), result.describe());
    assertEquals("", result.out());
    assertTrue(result.err().contains("Broken.java"), result.describe());
    List<String> plxLines =
        result.err().lines().filter(line -> line.startsWith("plx: the build failed")).toList();
    assertEquals(1, plxLines.size(), result.describe());
    assertNoEscapes(result.err());
  }

  private Process start(Path launcher, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile());
    return builder.start();
  }

  private static Result finish(Process process) throws Exception {
    process.getOutputStream().close();
    // Stderr is read on another thread so that neither pipe can fill and stall the build.
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    boolean ended = process.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    assertTrue(ended, "./plx did not end within " + BUILD_TIMEOUT_SECONDS + " s");
    return new Result(process.exitValue(), out, err.get());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int count(String text, String line) {
    return (int) text.lines().filter(l -> l.startsWith(line)).count();
  }

  private static void assertNoEscapes(String text) {
    assertFalse(text.contains("\u001b"), "terminal escape sequences in: " + text);
  }
}
