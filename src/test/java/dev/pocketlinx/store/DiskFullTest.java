package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskFullTest {

  @Test
  void causedBy_noSpaceAnywhereInTheChain_isTrue() {
    IOException inner = new FileSystemException("/s/tmp/x", null, "No space left on device");

    assertTrue(DiskFull.causedBy(new IOException("copying failed", inner)));
    assertTrue(DiskFull.isNoSpace("cp: error writing 'x': Disk quota exceeded"));
  }

  @Test
  void causedBy_otherFailures_isFalse() {
    assertFalse(DiskFull.causedBy(new IOException("Permission denied")));
    assertFalse(DiskFull.causedBy(new IOException((String) null)));
    assertFalse(DiskFull.isNoSpace(null));
  }

  @Test
  void error_namesTheStoreAndWhatToDo() {
    String message = DiskFull.error(Path.of("/s"), "unpacking x", null).getMessage();

    assertTrue(message.contains("/s") && message.contains("free some space"), message);
  }
}
