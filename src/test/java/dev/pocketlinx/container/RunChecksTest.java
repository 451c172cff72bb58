package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.PlxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks plx run makes before anything is written. */
class RunChecksTest {

  @ParameterizedTest
  @ValueSource(strings = {"box", "dev-1", "a.b.c", "A1", "x"})
  void validHostname_acceptsHostNames(String name) throws Exception {
    assertEquals(name, ContainerPlan.validHostname(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-x",
        ".x",
        "a b",
        "a_b",
        "ünï",
        "a/b",
        "a123456789012345678901234567890123456789012345678901234567890123"
      })
  void validHostname_rejectsWhatTheKernelOrResolversWouldNot(String name) {
    PlxException e = assertThrows(PlxException.class, () -> ContainerPlan.validHostname(name));
    assertTrue(e.getMessage().contains("invalid hostname"), e.getMessage());
    assertTrue(e.getMessage().contains("not starting with '-' or '.'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/var/lib/pocketlinx", "/tmp/with space", "/tmp/ünï"})
  void overlaySafe_plainPaths(String path) {
    assertTrue(Storage.overlaySafe(Path.of(path)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tmp/a,b", "/tmp/a:b", "/tmp/a\\b", "/tmp/a'b", "/tmp/a\"b"})
  void overlaySafe_pathsOverlayOptionsCannotCarry(String path) {
    assertFalse(Storage.overlaySafe(Path.of(path)));
  }

  @Test
  void defaultSeccomp_noSecurityOption_appliesTheProfile() throws Exception {
    assertTrue(ContainerPlan.defaultSeccomp(List.of()));
  }

  @Test
  void defaultSeccomp_seccompUnconfined_leavesTheProfileOut() throws Exception {
    assertFalse(ContainerPlan.defaultSeccomp(List.of("seccomp=unconfined")));
    assertFalse(ContainerPlan.defaultSeccomp(List.of("seccomp=unconfined", "seccomp=unconfined")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no-new-privileges",
        "seccomp=/etc/profile.json",
        "seccomp:unconfined",
        "apparmor=unconfined",
        "label=disable",
        "seccomp=",
        ""
      })
  void defaultSeccomp_anyOtherValue_isRefusedByName(String option) {
    PlxException e =
        assertThrows(
            PlxException.class,
            () -> ContainerPlan.defaultSeccomp(List.of("seccomp=unconfined", option)));
    assertTrue(e.getMessage().contains("'" + option + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("seccomp=unconfined"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
