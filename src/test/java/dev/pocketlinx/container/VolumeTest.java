package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeTest {

  @TempDir Path cwd;

  @BeforeEach
  void makeSources() throws IOException {
    Files.createDirectories(cwd.resolve("src"));
    Files.writeString(cwd.resolve("file.txt"), "x");
  }

  @Test
  void parse_absoluteSource_isKept() throws PlxException {
    Volume volume = Volume.parse(cwd.resolve("src") + ":/data", Path.of("/"));

    assertEquals(cwd.resolve("src"), volume.source());
    assertEquals("/data", volume.destination());
    assertFalse(volume.readonly());
  }

  @Test
  void parse_relativeSource_isResolvedAgainstTheCurrentDirectory() throws PlxException {
    assertEquals(cwd.resolve("src"), Volume.parse("src:/data", cwd).source());
    assertEquals(cwd.resolve("src"), Volume.parse("./src:/data", cwd).source());
    assertEquals(cwd, Volume.parse(".:/data", cwd).source());
    assertEquals(cwd.resolve("src"), Volume.parse("src/../src/:/data", cwd).source());
  }

  @Test
  void parse_fileSource_isAccepted() throws PlxException {
    assertEquals(cwd.resolve("file.txt"), Volume.parse("file.txt:/etc/x", cwd).source());
  }

  @Test
  void parse_missingSource_isAnErrorNamingTheAbsolutePath() {
    PlxException e = assertThrows(PlxException.class, () -> Volume.parse("nope:/data", cwd));

    assertTrue(e.getMessage().contains(cwd.resolve("nope").toString()), e.getMessage());
    assertEquals(ExitCodes.PLX_FAILED, e.exitCode());
  }

  @Test
  void parse_roOption_makesItReadOnly() throws PlxException {
    assertTrue(Volume.parse("src:/data:ro", cwd).readonly());
  }

  @Test
  void parse_rwOption_keepsItWritable() throws PlxException {
    assertFalse(Volume.parse("src:/data:rw", cwd).readonly());
  }

  @ParameterizedTest
  @ValueSource(strings = {"src:/data:RO", "src:/data:readonly", "src:/data:", "src:/data:ro,z"})
  void parse_badOption_isRejected(String text) {
    PlxException e = assertThrows(PlxException.class, () -> Volume.parse(text, cwd));

    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"src:data", "src:./data", "src:~/data"})
  void parse_nonAbsoluteDestination_isRejected(String text) {
    PlxException e = assertThrows(PlxException.class, () -> Volume.parse(text, cwd));

    assertTrue(e.getMessage().contains("absolute"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"src:/", "src://", "src:/.", "src:/..", "src:/a/../..", "src:/a/.."})
  void parse_rootDestination_isRejected(String text) {
    assertThrows(PlxException.class, () -> Volume.parse(text, cwd));
  }

  @Test
  void parse_destination_isNormalized() throws PlxException {
    assertEquals("/data", Volume.parse("src:/data/", cwd).destination());
    assertEquals("/b", Volume.parse("src:/a/../b", cwd).destination());
    assertEquals("/x/y", Volume.parse("src://x//y", cwd).destination());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "src", ":/data", "src:", "src:/data:ro:extra", ":"})
  void parse_malformedText_isRejected(String text) {
    assertThrows(PlxException.class, () -> Volume.parse(text, cwd));
  }
}
