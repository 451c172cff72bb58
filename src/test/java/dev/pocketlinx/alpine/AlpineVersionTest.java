package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlpineVersionTest {

  @ParameterizedTest(name = "''{0}'' -> {1} {2}")
  @CsvSource({
    "'',            latest-stable, ",
    "latest-stable, latest-stable, ",
    "edge,          edge,          ",
    "3.19,          v3.19,         ",
    "v3.19,         v3.19,         ",
    "3.20,          v3.20,         ",
    "3.19.4,        v3.19,         3.19.4",
    "3.20.3,        v3.20,         3.20.3",
    "10.1.12,       v10.1,         10.1.12",
  })
  void parse_mapsVersionToBranch(String text, String branch, String exact) {
    AlpineVersion version = AlpineVersion.parse(text);

    assertEquals(branch, version.branch());
    assertEquals(exact, version.exactVersion());
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "latest", "stable", "3.x", "3.19.4.1", "../v3.19", "v3.19/x"})
  void parse_rejectsUnknownVersions(String text) {
    assertThrows(IllegalArgumentException.class, () -> AlpineVersion.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"v3.20, 3.20", "edge, edge", "latest-stable, latest-stable"})
  void branchTag_dropsTheV(String branch, String tag) {
    assertEquals(tag, AlpineVersion.branchTag(branch));
  }

  @ParameterizedTest
  @CsvSource({"3.20.3, 3.20", "3.19.4, 3.19", "3.21_alpha20240807, ", "20240923, "})
  void branchTagOfRelease_onlyForFullReleases(String release, String tag) {
    assertEquals(tag, AlpineVersion.branchTagOfRelease(release));
  }
}
