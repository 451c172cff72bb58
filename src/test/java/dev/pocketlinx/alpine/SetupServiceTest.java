package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.store.Store;
import dev.pocketlinx.store.TarBuilder;
import dev.pocketlinx.store.TarEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SetupService} against a mirror directory the test writes: two small root filesystems
 * (3.20.3, the latest stable, and 3.19.4) that are not real Alpine, so every setup passes {@code
 * force} for the architecture plx cannot tell.
 */
class SetupServiceTest {

  /** When etc/alpine-release was written, a day before the release date in the index. */
  private static final long RELEASE_FILE_MTIME = 1_725_537_600L;

  private static final Architecture HOST = Architecture.host();

  @TempDir Path temp;
  private Path mirror;

  @BeforeEach
  void writeMirror() throws Exception {
    mirror = temp.resolve("mirror");
    writeBranch("v3.20", "3.20.3", "latest-stable");
    writeBranch("v3.19", "3.19.4", null);
  }

  @Test
  void sameTarball_fromMirrorOrFrom_givesSameImageId() throws Exception {
    SetupResult viaMirror = service("a").setup(fromMirror(null));
    SetupResult viaFrom = service("b").setup(fromFile(tarball("v3.20", "3.20.3")));

    assertEquals(viaMirror.imageId(), viaFrom.imageId());
    Image image = new ImageStore(Store.open(temp.resolve("a"))).find(alpine("3.20.3")).get();
    assertEquals(
        Instant.ofEpochSecond(RELEASE_FILE_MTIME).toString(),
        image.config().created(),
        "the time of etc/alpine-release in the tarball");
  }

  @Test
  void mirrorOlderBranch_intoStoreWithoutLatest_tagsLatest() throws Exception {
    SetupResult result = service("a").setup(fromMirror("3.19"));

    assertEquals(List.of(alpine("3.19.4"), alpine("3.19"), alpine("latest")), result.tags());
    assertEquals(result.imageId(), imageIdOf("a", "latest"));
  }

  @Test
  void mirrorOlderBranch_leavesExistingLatestAlone() throws Exception {
    SetupResult newest = service("a").setup(fromMirror(null));
    SetupResult older = service("a").setup(fromMirror("3.19"));

    assertEquals(List.of(alpine("3.19.4"), alpine("3.19")), older.tags());
    assertEquals(newest.imageId(), imageIdOf("a", "latest"));
  }

  @Test
  void mirrorLatestStable_afterOlderBranch_movesLatest() throws Exception {
    service("a").setup(fromMirror("3.19"));
    SetupResult newest = service("a").setup(fromMirror(null));

    assertTrue(newest.tags().contains(alpine("latest")), newest.tags().toString());
    assertEquals(newest.imageId(), imageIdOf("a", "latest"));
  }

  @Test
  void fromTwice_upToDateListsEveryTagOfTheImage() throws Exception {
    Path tarball = tarball("v3.20", "3.20.3");
    SetupResult first = service("a").setup(fromFile(tarball));
    SetupResult second = service("a").setup(fromFile(tarball));

    List<ImageReference> all = List.of(alpine("3.20.3"), alpine("3.20"), alpine("latest"));
    assertEquals(all, first.tags());
    assertTrue(second.upToDate());
    assertEquals(all, second.tags());
  }

  @Test
  void fromOlderRelease_listsOnlyItsOwnTags() throws Exception {
    service("a").setup(fromFile(tarball("v3.20", "3.20.3")));
    SetupResult older = service("a").setup(fromFile(tarball("v3.19", "3.19.4")));

    assertEquals(List.of(alpine("3.19.4"), alpine("3.19")), older.tags());
    assertFalse(older.upToDate());
  }

  @Test
  void requireRoot_refusesEveryOtherUser() throws Exception {
    SetupService.requireRoot(0);
    for (int uid : new int[] {1000, 65534, -1}) {
      PlxException e = assertThrows(PlxException.class, () -> SetupService.requireRoot(uid));
      assertTrue(e.getMessage().startsWith("plx setup needs root"), e.getMessage());
      assertTrue(e.getMessage().contains("sudo"), e.getMessage());
    }
  }

  @Test
  void emptyMirror_isAnError() throws Exception {
    PlxException e =
        assertThrows(
            PlxException.class,
            () -> service("a").setup(new SetupRequest(null, null, "", null, true)));

    assertTrue(e.getMessage().contains("--mirror is empty"), e.getMessage());
  }

  @Test
  void fromInvalidTarArchive_saysSoInOneLineAndInstallsNothing() throws Exception {
    Path tarball = temp.resolve("broken.tar.gz");
    Files.write(
        tarball,
        new TarBuilder()
            .file("etc/alpine-release", "3.20.3\n")
            .entry(new TarBuilder.Header("bin/sh", TarEntry.REGULAR).badChecksum(), new byte[0])
            .buildGzip());

    PlxException e = assertThrows(PlxException.class, () -> service("a").setup(fromFile(tarball)));

    assertEquals(
        tarball
            + " is not a valid tar archive: header at offset 1024 has a bad checksum;"
            + " pass an Alpine minirootfs tarball",
        e.getMessage());
    assertNothingInstalled("a");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private SetupService service(String storeName) throws Exception {
    return new SetupService(Store.open(temp.resolve(storeName)), new Fetcher(), HOST);
  }

  private void assertNothingInstalled(String storeName) throws Exception {
    Path store = temp.resolve(storeName);
    assertEquals(List.of(), new ImageStore(Store.open(store)).references(), "no image");
    for (String dir : List.of("tmp", "blobs/sha256", "layers/sha256")) {
      try (Stream<Path> files = Files.list(store.resolve(dir))) {
        assertEquals(List.of(), files.toList(), dir);
      }
    }
  }

  private SetupRequest fromMirror(String version) {
    return new SetupRequest(version, null, mirror.toString(), null, true);
  }

  private static SetupRequest fromFile(Path tarball) {
    return new SetupRequest(null, null, null, tarball.toString(), true);
  }

  private Digest imageIdOf(String storeName, String tag) throws Exception {
    return new ImageStore(Store.open(temp.resolve(storeName))).find(alpine(tag)).get().id();
  }

  private Path tarball(String branch, String version) {
    return mirror.resolve(branch + "/releases/" + HOST.alpineName() + "/" + fileName(version));
  }

  private static String fileName(String version) {
    return "alpine-minirootfs-" + version + "-" + HOST.alpineName() + ".tar.gz";
  }

  /** A branch folder with its tarball, checksum and index; {@code alias} gets the index too. */
  private void writeBranch(String branch, String version, String alias) throws Exception {
    byte[] release = (version + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] tarball =
        new TarBuilder()
            .dir("bin/", 0755)
            .file("bin/sh", "#!/bin/busybox\n".getBytes(StandardCharsets.UTF_8), 0755)
            .dir("etc/", 0755)
            .entry(
                new TarBuilder.Header("etc/alpine-release", TarEntry.REGULAR)
                    .mode(0644)
                    .size(release.length)
                    .mtime(RELEASE_FILE_MTIME),
                release)
            .buildGzip();
    String index =
        "---\n"
            + "-\n"
            + "  title: \"Mini root filesystem\"\n"
            + "  branch: "
            + branch
            + "\n"
            + "  arch: "
            + HOST.alpineName()
            + "\n"
            + "  version: "
            + version
            + "\n"
            + "  flavor: alpine-minirootfs\n"
            + "  file: "
            + fileName(version)
            + "\n"
            + "  date: 2024-09-06\n"
            + "  size: "
            + tarball.length
            + "\n"
            + "  sha256: "
            + Digest.of(tarball).hex()
            + "\n";
    Path dir = Files.createDirectories(mirror.resolve(branch + "/releases/" + HOST.alpineName()));
    Files.write(dir.resolve(fileName(version)), tarball);
    Files.writeString(
        dir.resolve(fileName(version) + ".sha256"),
        Digest.of(tarball).hex() + "  " + fileName(version) + "\n");
    Files.writeString(dir.resolve("latest-releases.yaml"), index);
    if (alias != null) {
      Path aliasDir =
          Files.createDirectories(mirror.resolve(alias + "/releases/" + HOST.alpineName()));
      Files.writeString(aliasDir.resolve("latest-releases.yaml"), index);
    }
  }

  private static ImageReference alpine(String tag) {
    return ImageReference.parse("alpine:" + tag);
  }
}
