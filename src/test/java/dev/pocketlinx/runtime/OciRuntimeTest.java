package dev.pocketlinx.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.PlxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciRuntimeTest {

  @TempDir Path dir;

  @Test
  void locate_fileThatIsNotExecutable_saysSo() throws Exception {
    Path file = Files.writeString(dir.resolve("runtime"), "");

    PlxException e =
        assertThrows(PlxException.class, () -> OciRuntime.locate(file.toString(), dir));
    assertTrue(e.getMessage().contains("not an executable file"), e.getMessage());
  }

  @Test
  void locate_missingName_saysHowToInstall() {
    PlxException e =
        assertThrows(PlxException.class, () -> OciRuntime.locate("no-such-runtime-anywhere", dir));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void lastError_takesTheLastErrorWithoutTheRuntimesPrefix() throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("log.json"),
            "{\"level\":\"warning\",\"msg\":\"w\"}\n"
                + "{\"level\":\"error\",\"msg\":\"runc run failed: exec: no\"}\n");

    assertEquals(Optional.of("exec: no"), OciRuntime.lastError(log));
    assertEquals(Optional.empty(), OciRuntime.lastError(dir.resolve("missing.json")));
  }

  @Test
  void locate_emptyName_isAnErrorNotTheDefault() {
    PlxException e = assertThrows(PlxException.class, () -> OciRuntime.locate(" ", dir));

    assertTrue(e.getMessage().startsWith("--runtime is empty"), e.getMessage());
  }
}
