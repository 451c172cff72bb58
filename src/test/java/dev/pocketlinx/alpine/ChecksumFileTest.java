package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pocketlinx.image.Digest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChecksumFileTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void find_readsSha256sumFormat() {
    assertEquals(
        Optional.of(Digest.sha256(A)), ChecksumFile.find(A + "  alpine.tar.gz\n", "alpine.tar.gz"));
    assertEquals(
        Optional.of(Digest.sha256(B)),
        ChecksumFile.find(A + "  other.tar.gz\n" + B + " *alpine.tar.gz\n", "alpine.tar.gz"));
  }

  @Test
  void find_acceptsSingleLineForRenamedFile() {
    assertEquals(Optional.of(Digest.sha256(A)), ChecksumFile.find(A + "\n", "renamed.tar.gz"));
    assertEquals(
        Optional.of(Digest.sha256(A)),
        ChecksumFile.find(A.toUpperCase() + "  original.tar.gz", "renamed.tar.gz"));
  }

  @Test
  void find_emptyWhenNoLineFits() {
    assertEquals(Optional.empty(), ChecksumFile.find("not a checksum\n", "x"));
    assertEquals(Optional.empty(), ChecksumFile.find(A + "  one\n" + B + "  two\n", "three"));
  }
}
