package dev.pocketlinx.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void parse_validDigest_splitsAlgorithmAndHex() {
    Digest digest = Digest.parse("sha256:" + ABC_SHA256);

    assertEquals("sha256", digest.algorithm());
    assertEquals(ABC_SHA256, digest.hex());
    assertEquals("sha256:" + ABC_SHA256, digest.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ABC_SHA256,
        "sha256:",
        "sha256:abc",
        "sha256:" + ABC_SHA256 + "0",
        "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg",
        "sha512:" + ABC_SHA256,
        "SHA256:" + ABC_SHA256,
        ":" + ABC_SHA256,
        " sha256:" + ABC_SHA256,
      })
  void parse_invalidDigest_isRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse(text));
  }

  @Test
  void of_bytes_isTheSha256() {
    assertEquals(EMPTY_SHA256, Digest.of(new byte[0]).hex());
    assertEquals(ABC_SHA256, Digest.of("abc".getBytes(StandardCharsets.US_ASCII)).hex());
  }

  @Test
  void of_file_equalsDigestOfItsBytes(@TempDir Path dir) throws IOException {
    byte[] content = new byte[200_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    Path file = Files.write(dir.resolve("blob"), content);

    assertEquals(Digest.of(content), Digest.of(file));
  }

  @Test
  void sha256_upperCaseHex_isLowerCased() {
    assertEquals(Digest.parse("sha256:" + ABC_SHA256), Digest.sha256(ABC_SHA256.toUpperCase()));
  }

  @Test
  void shortHex_isTheFirst12Digits() {
    assertEquals("ba7816bf8f01", Digest.parse("sha256:" + ABC_SHA256).shortHex());
  }
}
