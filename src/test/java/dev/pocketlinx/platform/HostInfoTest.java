package dev.pocketlinx.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostInfoTest {

  @ParameterizedTest
  @CsvSource({
    "6.18.44-fc-v1272, true",
    "5.10.0-28-amd64, true",
    "5.15.153.1-microsoft-standard-WSL2, true",
    "5.9.16, false",
    "4.19.0-21-amd64, false",
    "5.10, true",
    "6, false",
    "'', false",
    "x.y, false",
    "99999999.1, false",
  })
  void releaseAtLeast_5_10_readsMajorAndMinor(String release, boolean expected) {
    assertEquals(expected, HostInfo.releaseAtLeast(release, 5, 10));
  }
}
