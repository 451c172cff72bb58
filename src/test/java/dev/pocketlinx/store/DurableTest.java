package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableTest {

  @TempDir Path temp;

  @Test
  void force_fileAndDirectory_syncWithoutChangingThem() throws Exception {
    Path file = Files.writeString(temp.resolve("blob"), "content");

    Durable.force(file);
    Durable.forceDirectory(temp);

    assertEquals("content", Files.readString(file));
  }

  @Test
  void writeAtomically_throughATempDirectory_leavesOnlyTheTarget() throws Exception {
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    Path target = temp.resolve("index.json");

    Store.writeAtomically(target, "{}".getBytes(), tmp);

    assertEquals("{}", Files.readString(target));
    try (var names = Files.list(tmp)) {
      assertEquals(0, names.count());
    }
  }

  @Test
  void syncFileSystem_ofAPathThatIsGone_goesOnQuietly() {
    Durable.syncFileSystem(temp.resolve("gone"));
    Durable.syncFileSystem(temp);
  }
}
