package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForegroundRuntimeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "exec: \"foo\": executable file not found in $PATH | 127",
        "exec: \"/nope\": stat /nope: no such file or directory | 127",
        "exec: \"/etc/passwd\": permission denied | 126",
        "exec: \"/etc\": is a directory | 126",
        "exec /bin/tool: exec format error | 126",
        "error during container init: mkdir /proc/newdir: no such file or directory | 125",
        "error during container init: open /sys/x: permission denied | 125",
        "cgroups in hybrid mode not supported, drop all controllers from cgroupv2 | 125",
      })
  void exitCodeFor_runtimeError_is127Or126OnlyWhenTheCommandCannotStart(
      String message, int expected) {
    assertEquals(expected, ForegroundRuntime.exitCodeFor(message));
  }
}
