package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.store.Store;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaperTest {

  private static final String ID = "ab".repeat(32);

  @TempDir Path temp;

  @Test
  void reap_linkNamedLikeAContainer_isNeitherFollowedNorRemoved() throws Exception {
    Store store = Store.open(temp.resolve("store"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("runtime"), temp.resolve("not-a-runtime").toString());
    Path link = Files.createSymbolicLink(store.containersDir().resolve(ID), outside);

    Reaper.reap(store);

    assertTrue(Files.isSymbolicLink(link));
    try (var names = Files.list(outside)) {
      assertEquals(List.of("runtime"), names.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void reap_directoryOfADeadContainer_isRemoved() throws Exception {
    Store store = Store.open(temp.resolve("store"));
    Path dir = Files.createDirectories(store.containersDir().resolve(ID).resolve("upper/tmp"));
    Files.writeString(dir.resolve("left"), "by a plx that was killed");

    Reaper.reap(store);

    assertFalse(Files.exists(store.containersDir().resolve(ID), LinkOption.NOFOLLOW_LINKS));
  }
}
