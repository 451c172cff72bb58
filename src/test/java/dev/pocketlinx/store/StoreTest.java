package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pocketlinx.container.Reaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

  private static final List<String> PRIVATE_DIRS =
      List.of("layers", "containers", "runtime", "tmp");

  @TempDir Path temp;

  @Test
  void open_newStore_closesLayersContainersRuntimeAndTmpToOtherUsers() throws Exception {
    Path root = temp.resolve("store");

    Store.open(root);

    assertPrivate(root);
  }

  @Test
  void open_storeMadeOpenToOthers_isClosedAgain() throws Exception {
    Path root = temp.resolve("store");
    Store.open(root);
    for (String dir : PRIVATE_DIRS) {
      Files.setPosixFilePermissions(
          root.resolve(dir), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Store.open(root);

    assertPrivate(root);
  }

  @Test
  void writeBlob_leavesOnlyTheBlobAmongTheBlobs() throws Exception {
    Store store = Store.open(temp.resolve("store"));

    var digest = store.writeBlob("{}".getBytes());

    try (var names = Files.list(store.blobsDir())) {
      assertEquals(List.of(digest.hex()), names.map(p -> p.getFileName().toString()).toList());
    }
    try (var names = Files.list(store.tmpDir())) {
      assertEquals(0, names.count());
    }
  }

  private static void assertPrivate(Path root) throws Exception {
    for (String dir : PRIVATE_DIRS) {
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(dir))),
          dir);
    }
  }

  @Test
  void open_storeItMakes_isRootsAloneAndItsLockFilesToo() throws Exception {
    Path root = temp.resolve("new-store");

    Store store = Store.open(root);
    StoreLock.acquire(store.imagesLockFile(), true).close();
    StoreLock.acquire(store.containersLockFile(), false).close();

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(store.imagesLockFile())));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(store.containersLockFile())));
  }

  /** A lock file another user can open is a lock they can hold, stalling every setup. */
  @Test
  void open_lockFileOpenToOthers_isClosedAgain() throws Exception {
    Path root = Files.createDirectories(temp.resolve("existing"));
    Store store = Store.open(root);
    Files.createFile(
        store.imagesLockFile(),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    Files.setPosixFilePermissions(
        store.imagesLockFile(), PosixFilePermissions.fromString("rw-r--r--"));

    Store.open(root);

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(store.imagesLockFile())));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
  }

  /** oci-layout is written last: a store without it was stopped midway and is completed. */
  @Test
  void open_storeStoppedBeforeItsLayoutFile_isCompletedAndLeavesNoTemporaryFile() throws Exception {
    Path root = temp.resolve("store");
    Store store = Store.open(root);
    Files.delete(root.resolve("oci-layout"));
    Files.writeString(store.tmpDir().resolve(".oci-layout.tmp-1"), "{");

    Store.open(root);
    Reaper.reap(store);

    assertEquals(
        "{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(root.resolve("oci-layout")));
    try (var names = Files.list(store.tmpDir())) {
      assertEquals(0, names.count());
    }
    try (var names = Files.list(root)) {
      assertEquals(0, names.filter(p -> p.getFileName().toString().contains(".tmp-")).count());
    }
  }
}
