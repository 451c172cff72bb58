package dev.pocketlinx.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String HEX =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alpine                              | docker.io/library/alpine:latest",
        "alpine:3.20                         | docker.io/library/alpine:3.20",
        "alpine:latest                       | docker.io/library/alpine:latest",
        "library/alpine                      | docker.io/library/alpine:latest",
        "docker.io/alpine                    | docker.io/library/alpine:latest",
        "docker.io/library/alpine:3.19       | docker.io/library/alpine:3.19",
        "user/app                            | docker.io/user/app:latest",
        "localhost:5000/x/y:t                | localhost:5000/x/y:t",
        "localhost:5000/x                    | localhost:5000/x:latest",
        "localhost/x                         | localhost/x:latest",
        "quay.io/a/b@sha256:" + HEX + "      | quay.io/a/b@sha256:" + HEX,
        "quay.io/a/b:v1@sha256:" + HEX + "   | quay.io/a/b:v1@sha256:" + HEX,
        "ghcr.io/o/r/deep/path:1.0-rc_1      | ghcr.io/o/r/deep/path:1.0-rc_1",
        "alpine:Latest                       | docker.io/library/alpine:Latest",
        "a__b.c-d---e                        | docker.io/library/a__b.c-d---e:latest",
        "[::1]:5000/x:t                      | [::1]:5000/x:t",
      })
  void parse_validReference_givesCanonicalName(String text, String canonical) {
    assertEquals(canonical, ImageReference.parse(text).canonical());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alpine                        | alpine:latest",
        "docker.io/library/alpine:3.20 | alpine:3.20",
        "user/app:1                    | user/app:1",
        "localhost:5000/x/y:t          | localhost:5000/x/y:t",
      })
  void toString_givesTheFamiliarForm(String text, String familiar) {
    assertEquals(familiar, ImageReference.parse(text).toString());
  }

  @Test
  void parse_registryWithPort_isNotMistakenForATag() {
    ImageReference reference = ImageReference.parse("localhost:5000/x/y:t");

    assertEquals("localhost:5000", reference.registry());
    assertEquals("x/y", reference.repository());
    assertEquals("t", reference.tag());
    assertNull(reference.digest());
  }

  @Test
  void parse_digestOnly_hasNoTag() {
    ImageReference reference = ImageReference.parse("quay.io/a/b@sha256:" + HEX);

    assertEquals("quay.io", reference.registry());
    assertEquals("a/b", reference.repository());
    assertNull(reference.tag());
    assertEquals(Digest.parse("sha256:" + HEX), reference.digest());
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "Alpine",
        "ALPINE:3.20",
        "alpine:",
        ":3.20",
        "alpine:-3",
        "alpine:3.20:extra",
        "alpine@",
        "alpine@sha256:abc",
        "alpine@md5:" + HEX,
        "alpine@sha256:" + HEX + "0",
        "-alpine",
        "alpine-",
        "alp..ine",
        "alpine/",
        "/alpine",
        "a//b",
        "al pine",
        "alpine:3 20",
        "quay.io/A/b",
        "quay.io/",
      })
  void parse_invalidReference_isRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));
  }

  @Test
  void parse_null_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(null));
  }

  @Test
  void parse_tagOf128Characters_isAcceptedAnd129Rejected() {
    String tag128 = "t".repeat(128);

    assertEquals(tag128, ImageReference.parse("alpine:" + tag128).tag());
    assertThrows(
        IllegalArgumentException.class, () -> ImageReference.parse("alpine:" + tag128 + "t"));
  }

  @Test
  void parse_farTooLongReference_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("a".repeat(600)));
  }

  /** The docker grammar caps the name (registry and repository) at 255 characters. */
  @Test
  void parse_nameLongerThan255Characters_isRejected() {
    String name = "quay.io/" + "a".repeat(247);

    assertEquals(255, name.length());
    assertEquals(name + ":latest", ImageReference.parse(name).canonical());
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(name + "a"));
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("a".repeat(300)));
  }

  @Test
  void withTag_keepsRegistryAndRepository() {
    ImageReference reference = ImageReference.parse("quay.io/a/b@sha256:" + HEX).withTag("2");

    assertEquals("quay.io/a/b:2", reference.canonical());
  }

  @Test
  void familiarRepository_dropsDefaultRegistryAndLibrary() {
    assertEquals("alpine", ImageReference.parse("alpine:3.19").familiarRepository());
    assertEquals("user/app", ImageReference.parse("user/app").familiarRepository());
    assertEquals("quay.io/a/b", ImageReference.parse("quay.io/a/b").familiarRepository());
  }
}
