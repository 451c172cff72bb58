package dev.pocketlinx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.store.FileTrees;
import dev.pocketlinx.store.TarBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code plx setup} as a user runs it: the packaged jar in its own process, a store under the
 * test's temporary directory, and the trimmed Alpine mirror of {@code ../shared} served as a
 * directory, as a {@code file://} URL, or over HTTP on 127.0.0.1.
 */
class SetupIT {

  private static final Path JAR = Path.of(System.getProperty("plx.jar"));
  private static final Path MIRROR =
      Path.of(System.getProperty("plx.mirror")).toAbsolutePath().normalize();
  private static final String SHA_320 =
      "sha256:d4e6fd67dcf75e40c451560ac7265166c2b72a0f38ddc9aae756a7de3d1efa0c";
  private static final String TARBALL_320 = "alpine-minirootfs-3.20.3-x86_64.tar.gz";
  private static final Path DIR_320 = MIRROR.resolve("v3.20/releases/x86_64");
  private static final int NOBODY = 65534;

  @TempDir Path temp;
  private Path store;
  private HttpServer server;
  private final CountDownLatch stalled = new CountDownLatch(1);
  private final CountDownLatch stallReached = new CountDownLatch(1);
  private final List<String> commandPrefix = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, Integer> requests = new ConcurrentHashMap<>();

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() {
    store = temp.resolve("store");
  }

  @AfterEach
  void stopServer() {
    stalled.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void corruptIndex_isReportedInOneLineAndRepairedBySetup() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    Files.writeString(store.resolve("index.json"), "{\"manifests\": [");

    Result images = plx("images");
    Result repaired = plx("setup", "--mirror", MIRROR.toString());
    Result after = plx("images");

    assertOneLineError(images, "corrupt");
    assertEquals(0, repaired.exit(), repaired.err());
    assertEquals(0, after.exit(), after.err());
    assertTrue(after.out().contains("alpine:latest"), after.out());
    try (Stream<Path> files = Files.list(store)) {
      assertEquals(
          1,
          files.filter(p -> p.getFileName().toString().startsWith("index.json.corrupt-")).count());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a@@b::", "alpine:", "UPPER:x", "", "a b", "alpine\\nplx: all good\\u001b"})
  void indexNamingNoImageReference_isCorruptForEveryCommandAndSetAsideBySetup(String name)
      throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    Path index = store.resolve("index.json");
    Files.writeString(
        index,
        Files.readString(index)
            .replaceFirst("\"docker.io/library/alpine:3.20.3\"", "\"" + name + "\""));

    Result images = plx("images");
    Result info = plx("info");
    Result repaired = plx("setup", "--mirror", MIRROR.toString());
    Result after = plx("images");

    assertOneLineError(images, "corrupt");
    assertEquals(0, info.exit(), info.err());
    assertTrue(info.out().contains("index.json is corrupt"), info.out());
    assertEquals(0, repaired.exit(), repaired.err());
    assertTrue(repaired.err().contains("kept it as index.json.corrupt-"), repaired.err());
    assertTrue(after.out().contains("alpine:3.20.3"), after.out());
  }

  @Test
  void setup_fromMirrorDirectory_registersLatestStable() throws Exception {
    Result result = plx("setup", "--mirror", MIRROR.toString());

    assertEquals(0, result.exit(), result.err());
    assertEquals("alpine:3.20.3 alpine:3.20 alpine:latest " + SHA_320, result.out().strip());
    assertEquals("3.20.3", releaseOf("alpine:latest"));
    assertEquals("3.20.3", releaseOf("alpine:3.20"));
    assertTmpEmpty();
  }

  @Test
  void setup_fromFileUrl_tagsLatestWhenBranchIsLatestStable() throws Exception {
    Result result = plx("setup", "--mirror", MIRROR.toUri().toString(), "--version", "3.20");

    assertEquals(0, result.exit(), result.err());
    assertEquals("alpine:3.20.3 alpine:3.20 alpine:latest " + SHA_320, result.out().strip());
    assertEquals("3.20.3", releaseOf("alpine:3.20.3"));
  }

  @Test
  void setup_version319_givesAlpine3194AndLatestOnlyWhenThereIsNone() throws Exception {
    Result first = plx("setup", "--mirror", MIRROR.toString(), "--version", "3.19");

    assertEquals(0, first.exit(), first.err());
    assertTrue(
        first.out().startsWith("alpine:3.19.4 alpine:3.19 alpine:latest sha256:a2a87004"),
        first.out());
    assertEquals("3.19.4", releaseOf("alpine:3.19.4"));
    assertEquals("3.19.4", releaseOf("alpine:3.19"));
    assertEquals("3.19.4", releaseOf("alpine:latest"), "an offline user can plx run at once");

    Result newest = plx("setup", "--mirror", MIRROR.toString());

    assertEquals(0, newest.exit(), newest.err());
    assertEquals("3.20.3", releaseOf("alpine:latest"), "the newest stable takes latest over");
  }

  @Test
  void setup_version319_leavesExistingLatestAlone() throws Exception {
    plx("setup", "--mirror", MIRROR.toString());
    Result older = plx("setup", "--mirror", MIRROR.toString(), "--version", "3.19");

    assertEquals(0, older.exit(), older.err());
    assertTrue(older.out().startsWith("alpine:3.19.4 alpine:3.19 sha256:a2a87004"), older.out());
    assertEquals("3.20.3", releaseOf("alpine:latest"));
  }

  @Test
  void setup_sameTarballFromMirrorOrFrom_givesSameImageId() throws Exception {
    Path first = store;
    Result viaMirror = plx("setup", "--mirror", MIRROR.toString());
    Result idsViaMirror = plx("images", "-q");
    store = temp.resolve("other-store");
    Result viaFrom = plx("setup", "--from", DIR_320.resolve(TARBALL_320).toString());
    Result idsViaFrom = plx("images", "-q");

    assertEquals(0, viaMirror.exit(), viaMirror.err());
    assertEquals(0, viaFrom.exit(), viaFrom.err());
    assertEquals(1, idsViaMirror.out().strip().lines().count(), idsViaMirror.out());
    assertEquals(idsViaMirror.out(), idsViaFrom.out(), "stores " + first + " and " + store);
  }

  @Test
  void setup_fromFileTwice_printsEveryTagOfTheImage() throws Exception {
    Path tarball = DIR_320.resolve(TARBALL_320);
    plx("setup", "--from", tarball.toString());
    Result again = plx("setup", "--from", tarball.toString());

    assertEquals(0, again.exit(), again.err());
    assertEquals(
        "alpine:3.20.3 alpine:3.20 alpine:latest " + SHA_320 + " (up to date)",
        again.out().strip());
  }

  @Test
  void setup_overHttp_secondRunDownloadsNothing() throws Exception {
    String url = startMirrorServer(MIRROR);

    Result first = plx("setup", "--mirror", url);
    Result second = plx("setup", "--mirror", url);

    assertEquals(0, first.exit(), first.err());
    assertEquals("alpine:3.20.3 alpine:3.20 alpine:latest " + SHA_320, first.out().strip());
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("up to date"), second.out());
    assertEquals(
        1, requests.get("/alpine/v3.20/releases/x86_64/" + TARBALL_320), requests.toString());
    assertEquals("3.20.3", releaseOf("alpine:latest"));
    assertTmpEmpty();
  }

  @Test
  void setup_overHttp_missingBranchIs404() throws Exception {
    String url = startMirrorServer(MIRROR);

    Result result = plx("setup", "--mirror", url, "--version", "3.18");

    assertOneLineError(result, "no release index");
    assertTrue(result.err().contains("HTTP 404"), result.err());
    assertNothingInstalled();
  }

  @Test
  void setup_exactVersionMissingOnMirror_namesWhatIsThere() throws Exception {
    Result result = plx("setup", "--mirror", MIRROR.toString(), "--version", "3.19.3");

    assertOneLineError(result, "offers Alpine 3.19.4, not 3.19.3");
    assertNothingInstalled();
  }

  @Test
  void setup_corruptedTarball_isRejectedAndLeavesNothing() throws Exception {
    Path mirror = copyMirror(temp.resolve("corrupt-mirror"));
    Path tarball = mirror.resolve("v3.20/releases/x86_64/" + TARBALL_320);
    byte[] bytes = Files.readAllBytes(tarball);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(tarball, bytes);

    Result result = plx("setup", "--mirror", mirror.toString());

    assertOneLineError(result, "checksum mismatch");
    assertTrue(result.err().contains(TARBALL_320), result.err());
    assertTrue(result.err().contains(SHA_320), result.err());
    assertNothingInstalled();
  }

  @Test
  void setup_downloadStallsMidway_givesUpAndLeavesNothing() throws Exception {
    String url = startStallingServer();
    jvmOptions.add("-Dplx.download.stallSeconds=2");

    Result result = plx("setup", "--mirror", url);

    assertOneLineError(result, "stalled");
    assertNothingInstalled();
    assertTmpEmpty();
  }

  @Test
  void setup_interruptedBySigterm_leavesNothing() throws Exception {
    String url = startStallingServer();
    Process process = start("setup", "--mirror", url);
    try {
      Path part = awaitPartialDownload(process);
      assertTrue(stallReached.await(30, TimeUnit.SECONDS), "the server never sent half");

      process.destroy();

      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "plx did not end on SIGTERM");
      assertEquals(143, process.exitValue(), "128 + SIGTERM");
      assertFalse(Files.exists(part), part + " is left");
      assertNothingInstalled();
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * A SIGTERM while the layer is being unpacked: the rollback waits for the entry being written and
   * removes the half-made layer whole, without racing the unpacking thread.
   */
  @Test
  void setup_interruptedBySigtermWhileUnpacking_leavesNothing() throws Exception {
    Path err = temp.resolve("setup.err");
    Process process =
        builder("setup", "--mirror", MIRROR.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      awaitUnpacking(process);

      process.destroy();

      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "plx did not end on SIGTERM");
      String text = Files.readString(err);
      assertEquals(143, process.exitValue(), "128 + SIGTERM; stderr: " + text);
      assertFalse(text.contains("could not remove"), text);
      assertNothingInstalled();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void setup_damagedBlobInTheStore_isDownloadedAgain() throws Exception {
    Path blobs = Files.createDirectories(store.resolve("blobs/sha256"));
    Path blob = blobs.resolve(SHA_320.substring("sha256:".length()));
    byte[] tarball = Files.readAllBytes(DIR_320.resolve(TARBALL_320));
    Files.write(blob, Arrays.copyOf(tarball, tarball.length / 2));

    Result result = plx("setup", "--mirror", MIRROR.toString());

    assertEquals(0, result.exit(), result.err());
    assertTrue(result.err().contains("damaged"), result.err());
    assertArrayEquals(tarball, Files.readAllBytes(blob));
    assertEquals("3.20.3", releaseOf("alpine:latest"));
  }

  // --- damaged images ------------------------------------------------------------------------

  @Test
  void setup_corruptManifest_installsAgainAndRunWorks() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    Path manifest = manifestBlob("alpine:latest");
    byte[] whole = Files.readAllBytes(manifest);
    Files.writeString(manifest, "{\n");

    Result broken = plx("run", "true");
    Result repaired = plx("setup", "--mirror", MIRROR.toString());

    assertOneLineError(broken, "image alpine:latest is damaged");
    assertTrue(broken.err().contains("manifest blob"), broken.err());
    assertTrue(broken.err().contains("run 'plx setup' again"), broken.err());
    assertRepaired(repaired, "manifest blob");
    assertArrayEquals(whole, Files.readAllBytes(manifest));
    assertRuns("alpine:latest", "3.20.3");
  }

  @Test
  void setup_configWithoutRootfs_installsAgainAndRunWorks() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    Path config = configBlob("alpine:latest");
    byte[] whole = Files.readAllBytes(config);
    Files.writeString(config, "{\"schemaVersion\":2}\n");

    Result broken = plx("run", "true");
    Result repaired = plx("setup", "--mirror", MIRROR.toString());

    assertOneLineError(broken, "image alpine:latest is damaged");
    assertTrue(broken.err().contains("config blob"), broken.err());
    assertRepaired(repaired, "config blob");
    assertArrayEquals(whole, Files.readAllBytes(config));
    assertRuns("alpine:latest", "3.20.3");
  }

  @Test
  void setup_configChangedInPlace_isFoundByItsDigestAndInstalledAgain() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    Path config = configBlob("alpine:latest");
    byte[] whole = Files.readAllBytes(config);
    Files.writeString(config, new String(whole, StandardCharsets.UTF_8).replace("/bin/sh", "id"));

    Result repaired = plx("setup", "--mirror", MIRROR.toString());

    assertRepaired(repaired, "config blob");
    assertArrayEquals(whole, Files.readAllBytes(config));
  }

  @Test
  void setup_missingConfigBlob_isNamedAsSuchThenInstalledAgain() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    Path config = configBlob("alpine:latest");
    Files.delete(config);

    Result broken = plx("run", "true");
    Result repaired = plx("setup", "--mirror", MIRROR.toString());

    assertOneLineError(broken, "config blob sha256:" + config.getFileName() + " is missing");
    assertFalse(broken.err().contains("index"), broken.err());
    assertRepaired(repaired, "config blob");
    assertRuns("alpine:latest", "3.20.3");
  }

  @Test
  void setup_missingLayerDirectory_installsAgainAndRunWorks() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    FileTrees.deleteRecursively(layerDir("alpine:latest"));

    Result repaired = plx("setup", "--mirror", MIRROR.toString());

    assertRepaired(repaired, "layer directory");
    assertRuns("alpine:latest", "3.20.3");
    assertTmpEmpty();
  }

  /**
   * The image's command is /bin/sh, a link to busybox: a layer without bin/sh, without busybox (the
   * link then dangles) or without bin/ is damaged, and setup installs it again.
   */
  @ParameterizedTest
  @ValueSource(strings = {"bin/sh", "bin/busybox", "bin"})
  void setup_layerWithoutItsShell_installsAgainAndRunWorks(String removed) throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    FileTrees.deleteRecursively(layerDir("alpine:latest").resolve(removed));

    Result repaired = plx("setup", "--mirror", MIRROR.toString());

    assertRepaired(repaired, "layer directory");
    assertTrue(Files.isSymbolicLink(layerDir("alpine:latest").resolve("bin/sh")));
    assertTrue(Files.isRegularFile(layerDir("alpine:latest").resolve("bin/busybox")));
    assertRuns("alpine:latest", "3.20.3");
    assertTmpEmpty();
  }

  @Test
  void setupFrom_corruptManifest_installsAgain() throws Exception {
    Path tarball = DIR_320.resolve(TARBALL_320);
    assertEquals(0, plx("setup", "--from", tarball.toString()).exit());
    Path manifest = manifestBlob("alpine:latest");
    byte[] whole = Files.readAllBytes(manifest);
    Files.writeString(manifest, "{\n");

    Result repaired = plx("setup", "--from", tarball.toString());

    assertRepaired(repaired, "manifest blob");
    assertArrayEquals(whole, Files.readAllBytes(manifest));
    assertRuns("alpine:latest", "3.20.3");
  }

  @Test
  void setupFrom_missingConfigBlob_installsAgain() throws Exception {
    Path tarball = DIR_320.resolve(TARBALL_320);
    assertEquals(0, plx("setup", "--from", tarball.toString()).exit());
    Path config = configBlob("alpine:latest");
    byte[] whole = Files.readAllBytes(config);
    Files.delete(config);

    Result repaired = plx("setup", "--from", tarball.toString());

    assertRepaired(repaired, "config blob");
    assertArrayEquals(whole, Files.readAllBytes(config));
  }

  @Test
  void damagedAlpine319_otherImagesStillRunListAndSetUp() throws Exception {
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString()).exit());
    assertEquals(0, plx("setup", "--mirror", MIRROR.toString(), "--version", "3.19").exit());
    Files.writeString(manifestBlob("alpine:3.19"), "{\n");

    Result images = plx("images");
    Result damaged = plx("run", "alpine:3.19", "true");
    Result absent = plx("run", "alpine:3.18", "true");
    Result latest = plx("setup", "--mirror", MIRROR.toString());

    assertEquals(0, images.exit(), images.err());
    assertEquals(
        List.of("REFERENCE", "alpine:3.20.3", "alpine:3.20", "alpine:latest"),
        images.out().lines().map(line -> line.split(" +")[0]).toList());
    assertEquals(2, images.err().lines().count(), "one warning per damaged image: " + images.err());
    assertTrue(images.err().contains("warning: image alpine:3.19.4 is damaged"), images.err());
    assertTrue(images.err().contains("warning: image alpine:3.19 is damaged"), images.err());
    assertOneLineError(damaged, "image alpine:3.19 is damaged");
    assertTrue(damaged.err().contains("run 'plx setup --version 3.19' again"), damaged.err());
    assertOneLineError(absent, "no image alpine:3.18 in the store");
    assertEquals(0, latest.exit(), latest.err());
    assertTrue(latest.out().contains("(up to date)"), latest.out());
    assertRuns("alpine:latest", "3.20.3");

    Result repaired = plx("setup", "--mirror", MIRROR.toString(), "--version", "3.19");

    assertRepaired(repaired, "manifest blob");
    assertRuns("alpine:3.19", "3.19.4");
    assertEquals("", plx("images").err());
  }

  @Test
  void setup_fromADeviceThatNeverEnds_isRefusedInOneLine() throws Exception {
    Result result = plx("setup", "--from", "/dev/zero");

    assertOneLineError(result, "not a regular file");
    assertNothingInstalled();
  }

  @Test
  void setup_mirrorSendsMoreThanTheIndexLists_stopsThereAndLeavesNothing() throws Exception {
    AtomicLong sent = new AtomicLong();
    String url = startEndlessServer(sent);

    Result result = plx("setup", "--mirror", url);

    assertOneLineError(result, "more than the 3490290 bytes expected");
    assertNothingInstalled();
    assertTrue(sent.get() < 64L * 1024 * 1024, "plx read " + sent.get() + " bytes");
  }

  @Test
  void setup_fromEmpty_isRefusedInOneLine() throws Exception {
    Result result = plx("setup", "--from", "");

    assertOneLineError(result, "--from is empty");
    assertNothingInstalled();
  }

  /** A proxy that is down is named as such, not mistaken for the mirror. */
  @Test
  void setup_throughAProxyThatIsDown_namesTheProxy() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String proxy = "127.0.0.1:" + closedPort;

    Result result =
        plx(Map.of("http_proxy", "http://" + proxy), "setup", "--mirror", "http://127.0.0.1:9/x");

    assertOneLineError(result, "through the proxy " + proxy);
    assertNothingInstalled();
  }

  @Test
  void setup_asNonRoot_isRefusedBeforeTouchingTheStore() throws Exception {
    // The store and the path to it are the user's, so only the refusal can stop the setup.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectory(store);
    Files.setAttribute(store, "unix:uid", NOBODY);
    Files.setAttribute(store, "unix:gid", NOBODY);
    commandPrefix.addAll(
        List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    // No perf-data file: as uid 65534 the JVM would leave /tmp/hsperfdata_nobody behind.
    jvmOptions.add("-XX:-UsePerfData");

    Result result = plx("setup", "--mirror", MIRROR.toString());

    assertOneLineError(result, "needs root");
    assertEquals(List.of(), list(store), "the store is untouched");
  }

  @Test
  void setup_unreachableMirror_namesUrlAndSuggestsFrom() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/alpine";

    Result result = plx("setup", "--mirror", url);

    assertOneLineError(result, "cannot reach");
    assertTrue(result.err().contains(url), result.err());
    assertTrue(result.err().contains("--from"), result.err());
    assertNothingInstalled();
  }

  @Test
  void setup_foreignArchitecture_isRefusedUnlessForced() throws Exception {
    Result result = plx("setup", "--mirror", MIRROR.toString(), "--arch", "s390x");

    assertOneLineError(result, "--force");
    assertNothingInstalled();
  }

  @Test
  void setup_fromFileWithChecksum_verifiesAndTags() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("download"));
    Path tarball = Files.copy(DIR_320.resolve(TARBALL_320), dir.resolve(TARBALL_320));
    Files.copy(DIR_320.resolve(TARBALL_320 + ".sha256"), dir.resolve(TARBALL_320 + ".sha256"));

    Result result = plx("setup", "--from", tarball.toString());

    assertEquals(0, result.exit(), result.err());
    assertEquals("alpine:3.20.3 alpine:3.20 alpine:latest " + SHA_320, result.out().strip());
    assertFalse(result.err().contains("unverified"), result.err());
    assertEquals("3.20.3", releaseOf("alpine:3.20.3"));
    assertTmpEmpty();
  }

  @Test
  void setup_fromFileWithoutChecksum_warnsAndPrintsDigest() throws Exception {
    Path tarball = Files.copy(DIR_320.resolve(TARBALL_320), temp.resolve("rootfs.tar.gz"));
    Path older =
        Files.copy(
            MIRROR.resolve("v3.19/releases/x86_64/" + "alpine-minirootfs-3.19.4-x86_64.tar.gz"),
            temp.resolve("older.tar.gz"));

    Result first = plx("setup", "--from", tarball.toString());
    Result second = plx("setup", "--from", older.toString());

    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains(SHA_320), first.out());
    assertTrue(first.err().contains("unverified"), first.err());
    assertEquals(0, second.exit(), second.err());
    assertEquals(
        "alpine:3.19.4 alpine:3.19 sha256:"
            + "a2a87004e87720cbb0372c08b7de9b80748afdfd7fd72d2eab2ec0b074b92211",
        second.out().strip(),
        "alpine:latest exists already, so it stays on 3.20.3");
    assertEquals("3.20.3", releaseOf("alpine:latest"));
  }

  @Test
  void setup_fromFileWithWrongChecksum_isRejected() throws Exception {
    Path tarball = Files.copy(DIR_320.resolve(TARBALL_320), temp.resolve(TARBALL_320));
    Files.writeString(
        temp.resolve(TARBALL_320 + ".sha256"), "0".repeat(64) + "  " + TARBALL_320 + "\n");

    Result result = plx("setup", "--from", tarball.toString());

    assertOneLineError(result, "checksum mismatch");
    assertNothingInstalled();
  }

  @Test
  void setup_fromTarballThatIsNoRootfs_isRefused() throws Exception {
    Path tarball = temp.resolve("notes.tar.gz");
    Files.write(
        tarball,
        new TarBuilder()
            .dir("docs/", 0755)
            .file("docs/readme.txt", "not a root filesystem\n")
            .buildGzip());

    Result result = plx("setup", "--from", tarball.toString());

    assertOneLineError(result, "is not a root filesystem");
    assertNothingInstalled();
  }

  @Test
  void setup_fromTarballFloodingGlobalPaxHeaders_failsInOneLineInLittleMemory() throws Exception {
    // Each global header is within the size limit for one header; kept, they would fill the heap.
    Path tarball = temp.resolve("flood.tar.gz");
    String value = "v".repeat((1 << 20) - 64);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tarball))) {
      for (int i = 0; i < 100; i++) {
        out.write(
            new TarBuilder().pax('g', "key" + i, value).file("f" + i, "x").buildUnterminated());
      }
      out.write(new byte[1024]);
    }
    jvmOptions.add("-Xmx64m");

    Result result = plx("setup", "--from", tarball.toString());

    assertOneLineError(result, "flood.tar.gz is not a valid tar archive: PAX global headers");
    assertNothingInstalled();
  }

  @Test
  void setup_fromTarballWithMtimeFileTimesCannotHold_failsInOneLine() throws Exception {
    Path tarball =
        minirootfsAfter(
            "mtime.tar.gz",
            new TarBuilder()
                .pax('x', "mtime", "100000000000000000")
                .file("etc/motd", "x")
                .buildUnterminated());

    Result result = plx("setup", "--from", tarball.toString());

    assertOneLineError(result, "mtime.tar.gz is not a valid tar archive: entry at offset 1024");
    assertTrue(result.err().contains("mtime"), result.err());
    assertNothingInstalled();
  }

  @Test
  void setup_fromTarballWithUidPastUidT_isRefusedNotWrappedToRoot() throws Exception {
    Path tarball =
        minirootfsAfter(
            "uid.tar.gz",
            new TarBuilder()
                .pax('x', "uid", "4294967296", "gid", "4294967296")
                .file(
                    "bin/su-shell",
                    "#!/bin/sh\nexec /bin/sh\n".getBytes(StandardCharsets.UTF_8),
                    04755)
                .buildUnterminated());

    Result result = plx("setup", "--from", tarball.toString());

    assertOneLineError(result, "uid.tar.gz is not a valid tar archive: entry at offset 1024");
    assertTrue(result.err().contains("PAX uid of '4294967296'"), result.err());
    assertNothingInstalled();
  }

  @Test
  void setup_fromMissingFile_saysSo() throws Exception {
    Result result = plx("setup", "--from", temp.resolve("absent.tar.gz").toString());

    assertOneLineError(result, "does not exist");
    assertNothingInstalled();
  }

  @Test
  void setupHelp_describesEveryOption() throws Exception {
    Result result = plx("setup", "--help");

    assertEquals(0, result.exit(), result.err());
    for (String option : List.of("--version", "--arch", "--mirror", "--from", "--force")) {
      assertTrue(result.out().contains(option), option + " missing in: " + result.out());
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Result plx(String... args) throws IOException, InterruptedException {
    return plx(Map.of(), args);
  }

  private Result plx(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(temp, "stdout", ".txt");
    Path err = Files.createTempFile(temp, "stderr", ".txt");
    ProcessBuilder builder = builder(args);
    builder.environment().putAll(env);
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("plx " + String.join(" ", args) + " did not finish within 120 s");
    }
    Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /** Starts plx in the background, its output discarded. */
  private Process start(String... args) throws IOException {
    return builder(args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>(commandPrefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PLX_ROOT", store.toString());
    builder.environment().remove("PLX_ALPINE_MIRROR");
    // The test servers are on 127.0.0.1: no proxy of the machine's may stand in between.
    for (String proxy : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")) {
      builder.environment().remove(proxy);
    }
    return builder;
  }

  /**
   * Serves a copy of the mirror on 127.0.0.1 that sends half of the tarball and then nothing until
   * the test ends.
   */
  private String startStallingServer() throws IOException {
    Path mirror = copyMirror(temp.resolve("mirror"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/alpine/",
        exchange -> {
          Path file = mirror.resolve(exchange.getRequestURI().getPath().substring(8)).normalize();
          if (!file.startsWith(mirror) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] data = Files.readAllBytes(file);
          exchange.sendResponseHeaders(200, data.length);
          OutputStream body = exchange.getResponseBody();
          if (!file.getFileName().toString().endsWith(".tar.gz")) {
            body.write(data);
            body.close();
            return;
          }
          // Half of the tarball, then nothing until the test ends.
          body.write(data, 0, data.length / 2);
          body.flush();
          stallReached.countDown();
          try {
            stalled.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alpine";
  }

  /**
   * Serves a copy of the mirror on 127.0.0.1 whose index is genuine and whose tarball never ends:
   * zeros, without a length, for as long as the client reads.
   */
  private String startEndlessServer(AtomicLong sent) throws IOException {
    Path mirror = copyMirror(temp.resolve("mirror"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/alpine/",
        exchange -> {
          Path file = mirror.resolve(exchange.getRequestURI().getPath().substring(8)).normalize();
          if (!file.startsWith(mirror) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          if (!file.getFileName().toString().endsWith(".tar.gz")) {
            byte[] data = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, data.length);
            exchange.getResponseBody().write(data);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, 0);
          byte[] zeros = new byte[64 * 1024];
          try (OutputStream body = exchange.getResponseBody()) {
            while (sent.get() < 1L << 30) {
              body.write(zeros);
              sent.addAndGet(zeros.length);
            }
          } catch (IOException e) {
            // The client hung up: what the test wants.
          }
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alpine";
  }

  /** Waits for a download in tmp/ that has some bytes in it. */
  private Path awaitPartialDownload(Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      for (Path entry : list(store.resolve("tmp"))) {
        if (entry.getFileName().toString().endsWith(".part") && Files.size(entry) > 0) {
          return entry;
        }
      }
      Thread.sleep(20);
    }
    fail("no partial download in " + store.resolve("tmp") + "; plx alive: " + process.isAlive());
    return null;
  }

  /** Waits until plx has begun to unpack a layer in tmp/: a layer directory with entries. */
  private void awaitUnpacking(Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      for (Path entry : list(store.resolve("tmp"))) {
        if (entry.getFileName().toString().startsWith("layer-") && !list(entry).isEmpty()) {
          return;
        }
      }
      Thread.sleep(2);
    }
    fail(
        "plx was never seen unpacking in "
            + store.resolve("tmp")
            + "; alive: "
            + process.isAlive());
  }

  /** Serves a mirror directory under /alpine on 127.0.0.1, counting requests per path. */
  private String startMirrorServer(Path root) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/alpine/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requests.merge(path, 1, Integer::sum);
          Path file = root.resolve(path.substring("/alpine/".length())).normalize();
          if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, Files.size(file));
          try (OutputStream body = exchange.getResponseBody()) {
            Files.copy(file, body);
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alpine";
  }

  /** The genuine 3.20.3 minirootfs behind {@code entries}, an archive without its end marker. */
  private Path minirootfsAfter(String fileName, byte[] entries) throws IOException {
    Path tarball = temp.resolve(fileName);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(DIR_320.resolve(TARBALL_320)));
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tarball))) {
      out.write(entries);
      in.transferTo(out);
    }
    return tarball;
  }

  private Path copyMirror(Path target) throws IOException {
    for (String relative :
        List.of(
            "latest-stable/releases/x86_64/latest-releases.yaml",
            "v3.20/releases/x86_64/latest-releases.yaml",
            "v3.20/releases/x86_64/" + TARBALL_320)) {
      Path to = target.resolve(relative);
      Files.createDirectories(to.getParent());
      Files.copy(MIRROR.resolve(relative), to);
    }
    return target;
  }

  /** A setup that found its image damaged: it says so once, then installs it again. */
  private void assertRepaired(Result result, String damaged) throws IOException {
    assertEquals(0, result.exit(), result.err());
    assertFalse(result.out().contains("up to date"), result.out());
    List<String> warnings = result.err().lines().toList();
    assertEquals(1, warnings.size(), "one warning line: " + result.err());
    assertTrue(warnings.get(0).startsWith("plx: warning: image alpine:"), result.err());
    assertTrue(warnings.get(0).contains(" damaged"), result.err());
    assertTrue(warnings.get(0).contains(damaged), result.err());
    assertTmpEmpty();
  }

  /** {@code plx run} of the image prints its Alpine release: a container really starts. */
  private void assertRuns(String reference, String release) throws Exception {
    // plx run needs root and runc; without them this fails, never skips.
    assertEquals("0", HostState.effectiveUid(), "plx run needs root");
    assertTrue(HostState.findRunc() != null, "runc is not installed: apt-get install runc");
    Result result = plx("run", reference, "cat", "/etc/alpine-release");
    assertEquals(0, result.exit(), result.err());
    assertEquals(release + "\n", result.out());
    assertEquals("", result.err());
  }

  private Path manifestBlob(String reference) throws IOException {
    return blobPath(manifestDigest(reference));
  }

  private Path configBlob(String reference) throws IOException {
    Map<String, Object> manifest = blob(manifestDigest(reference));
    return blobPath(Json.string(Json.objectMember(manifest, "config"), "digest"));
  }

  private Path layerDir(String reference) throws IOException {
    Map<String, Object> config =
        Json.parseObject(Files.readString(configBlob(reference), StandardCharsets.UTF_8));
    List<String> diffIds = Json.strings(Json.objectMember(config, "rootfs"), "diff_ids");
    return store.resolve("layers/sha256").resolve(diffIds.get(0).substring("sha256:".length()));
  }

  private String manifestDigest(String reference) throws IOException {
    String name = "docker.io/library/" + reference;
    Map<String, Object> index = Json.parseObject(Files.readString(store.resolve("index.json")));
    for (Map<String, Object> entry : Json.objects(index, "manifests")) {
      if (name.equals(
          Json.objectMember(entry, "annotations").get("org.opencontainers.image.ref.name"))) {
        return Json.string(entry, "digest");
      }
    }
    fail("no image " + reference + " in " + refNames());
    return null;
  }

  private Path blobPath(String digest) {
    return store.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static void assertOneLineError(Result result, String expected) {
    assertEquals(125, result.exit(), result.err());
    String err = result.err().strip();
    assertTrue(err.startsWith("plx: "), err);
    assertFalse(err.contains("\n"), "more than one line on stderr: " + err);
    assertFalse(err.contains("Exception"), err);
    assertTrue(err.contains(expected), err);
    assertEquals("", result.out());
  }

  private void assertNothingInstalled() throws IOException {
    assertEquals(List.of(), refNames(), "no image");
    assertEquals(List.of(), list(store.resolve("blobs/sha256")), "no blob");
    assertEquals(List.of(), list(store.resolve("layers/sha256")), "no layer");
    assertTmpEmpty();
  }

  private void assertTmpEmpty() throws IOException {
    assertEquals(List.of(), list(store.resolve("tmp")), "no temporary file");
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    }
  }

  private List<String> refNames() throws IOException {
    Path index = store.resolve("index.json");
    if (!Files.exists(index)) {
      return List.of();
    }
    return Json.objects(Json.parseObject(Files.readString(index)), "manifests").stream()
        .map(
            m ->
                String.valueOf(
                    Json.objectMember(m, "annotations").get("org.opencontainers.image.ref.name")))
        .toList();
  }

  /** The content of etc/alpine-release in the unpacked layer of an image in the store. */
  private String releaseOf(String reference) throws IOException {
    String name = "docker.io/library/" + reference;
    Map<String, Object> index = Json.parseObject(Files.readString(store.resolve("index.json")));
    for (Map<String, Object> entry : Json.objects(index, "manifests")) {
      if (name.equals(
          Json.objectMember(entry, "annotations").get("org.opencontainers.image.ref.name"))) {
        Map<String, Object> manifest = blob(Json.string(entry, "digest"));
        Map<String, Object> config =
            blob(Json.string(Json.objectMember(manifest, "config"), "digest"));
        List<String> diffIds = Json.strings(Json.objectMember(config, "rootfs"), "diff_ids");
        assertEquals(1, diffIds.size());
        assertEquals("amd64", Json.string(config, "architecture"));
        Path layer = store.resolve("layers/sha256").resolve(diffIds.get(0).substring(7));
        return Files.readString(layer.resolve("etc/alpine-release"), StandardCharsets.UTF_8)
            .strip();
      }
    }
    fail("no image " + reference + " in " + refNames());
    return null;
  }

  private Map<String, Object> blob(String digest) throws IOException {
    Path path = store.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    return Json.parseObject(Files.readString(path));
  }
}
