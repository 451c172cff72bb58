package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MirrorTest {

  @Test
  void select_emptyOption_isAnErrorNotTheDefault() {
    for (String empty : new String[] {"", "  "}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Mirror.select(empty, "/srv/mirror"));
      assertTrue(e.getMessage().contains("--mirror"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void select_emptyEnvironment_isUnset() {
    assertEquals(Mirror.DEFAULT + "/", Mirror.select(null, "").toString());
    assertEquals(Mirror.DEFAULT + "/", Mirror.select(null, null).toString());
  }

  @Test
  void select_optionBeforeEnvironmentBeforeDefault() {
    assertEquals(
        "https://a.example/alpine/",
        Mirror.select("https://a.example/alpine", "/srv/mirror").toString());
    assertEquals(
        Path.of("/srv/mirror").toUri() + "/", Mirror.select(null, "/srv/mirror").toString());
  }
}
