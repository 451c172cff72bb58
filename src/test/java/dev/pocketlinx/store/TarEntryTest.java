package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TarEntryTest {

  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource({"4294967296, 0", "0, 4294967296", "4294967295, 0", "-1, 0", "0, -1"})
  void new_refusesOwnerThatWouldWrap(long uid, long gid) {
    assertThrows(IllegalArgumentException.class, () -> entry(uid, gid));
  }

  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource({"0, 0", "4294967294, 2147483648"})
  void new_keepsEveryOwnerOfUidT(long uid, long gid) {
    TarEntry entry = entry(uid, gid);

    assertEquals(uid, entry.uid());
    assertEquals(gid, entry.gid());
  }

  private static TarEntry entry(long uid, long gid) {
    return new TarEntry("bin/su", TarEntry.REGULAR, "", 04755, uid, gid, 0, Instant.EPOCH);
  }
}
