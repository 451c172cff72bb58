package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseIndexTest {

  private static final Path MIRROR =
      Path.of(System.getProperty("plx.mirror", "../shared/alpine-mirror"));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "latest-stable, v3.20, 3.20.3, alpine-minirootfs-3.20.3-x86_64.tar.gz, 3490290,"
        + " d4e6fd67dcf75e40c451560ac7265166c2b72a0f38ddc9aae756a7de3d1efa0c",
    "v3.20,         v3.20, 3.20.3, alpine-minirootfs-3.20.3-x86_64.tar.gz, 3490290,"
        + " d4e6fd67dcf75e40c451560ac7265166c2b72a0f38ddc9aae756a7de3d1efa0c",
    "v3.19,         v3.19, 3.19.4, alpine-minirootfs-3.19.4-x86_64.tar.gz, 3299369,"
        + " a2a87004e87720cbb0372c08b7de9b80748afdfd7fd72d2eab2ec0b074b92211",
  })
  void find_picksMinirootfsEntryOfTrimmedMirror(
      String branch, String entryBranch, String version, String file, long size, String sha256)
      throws IOException {
    String text =
        Files.readString(MIRROR.resolve(branch).resolve("releases/x86_64/latest-releases.yaml"));

    ReleaseEntry entry = ReleaseIndex.parse(text).find(ReleaseIndex.MINIROOTFS).orElseThrow();

    assertEquals(entryBranch, entry.branch());
    assertEquals(version, entry.version());
    assertEquals(file, entry.file());
    assertEquals(size, entry.size());
    assertEquals("2024-09-06", entry.date());
    assertEquals(Digest.sha256(sha256), entry.sha256());
  }

  @Test
  void parse_readsQuotedPlainAndCommentedValues() {
    String text =
        """
        ---
        # an index
        - title: "Mini \\"root\\" filesystem"   # trailing comment
          desc: 'it''s small'
          flavor: alpine-minirootfs
          url: http://example.invalid/a#b
        -
          flavor: "alpine-standard"
          empty:
        """;

    ReleaseIndex index = ReleaseIndex.parse(text);

    assertEquals(2, index.items().size());
    Map<String, String> first = index.items().get(0);
    assertEquals("Mini \"root\" filesystem", first.get("title"));
    assertEquals("it's small", first.get("desc"));
    assertEquals("http://example.invalid/a#b", first.get("url"));
    assertEquals("alpine-standard", index.items().get(1).get("flavor"));
    assertEquals("", index.items().get(1).get("empty"));
  }

  @Test
  void find_emptyWhenNoMinirootfsEntry() {
    String text =
        """
        -
          flavor: alpine-standard
          file: alpine-standard-3.20.3-x86_64.iso
        """;

    assertTrue(ReleaseIndex.parse(text).find(ReleaseIndex.MINIROOTFS).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "flavor: alpine-minirootfs\n",
        "-\n  just text\n",
        "-\n  key:value\n",
        "-\n  title: \"unterminated\n",
        "-\n  title: \"bad \\q escape\"\n",
      })
  void parse_rejectsWhatIsNotAListOfFlatMaps(String text) {
    assertThrows(IllegalArgumentException.class, () -> ReleaseIndex.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/passwd", "sub/file.tar.gz", ".hidden"})
  void find_rejectsFileNamesThatAreNotBareNames(String file) {
    String text =
        "-\n  flavor: alpine-minirootfs\n  branch: v3.20\n  version: 3.20.3\n"
            + "  file: "
            + file
            + "\n  sha256: "
            + "a".repeat(64)
            + "\n";

    assertThrows(
        IllegalArgumentException.class,
        () -> ReleaseIndex.parse(text).find(ReleaseIndex.MINIROOTFS));
  }

  @Test
  void find_rejectsEntryWithoutChecksum() {
    String text =
        "-\n  flavor: alpine-minirootfs\n  branch: v3.20\n  version: 3.20.3\n"
            + "  file: a.tar.gz\n";

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReleaseIndex.parse(text).find(ReleaseIndex.MINIROOTFS));
    assertTrue(e.getMessage().contains("sha256"), e.getMessage());
  }
}
