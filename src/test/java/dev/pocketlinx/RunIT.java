package dev.pocketlinx;

import static dev.pocketlinx.HostState.assertGone;
import static dev.pocketlinx.HostState.containerProcesses;
import static dev.pocketlinx.HostState.effectiveUid;
import static dev.pocketlinx.HostState.findRunc;
import static dev.pocketlinx.HostState.interfaces;
import static dev.pocketlinx.HostState.mountsUnder;
import static dev.pocketlinx.HostState.names;
import static dev.pocketlinx.HostState.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.store.FileTrees;
import dev.pocketlinx.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plx run} as a user runs it: the packaged jar in a process of its own, as root, with runc,
 * against a store in a temporary directory set up once from the trimmed Alpine mirror. Each test
 * proves one behaviour of a throw-away container; negative tests prove the isolation holds.
 */
class RunIT {

  private static final Path JAR = Path.of(System.getProperty("plx.jar"));
  private static final Path MIRROR =
      Path.of(System.getProperty("plx.mirror")).toAbsolutePath().normalize();
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final long TIMEOUT_SECONDS = 60;

  /** Docker's default capability set as /proc/self/status shows it. */
  private static final String DOCKER_CAPABILITIES = "00000000a80425fb";

  private static final int EPERM = 1;
  private static final int EINVAL = 22;
  private static final int ENOSYS = 38;

  /** clone(2)'s namespace flags, each with a name for its probe. */
  private static final int[] CLONE_NAMESPACE_FLAGS = {
    0x20000, 0x2000000, 0x4000000, 0x8000000, 0x10000000, 0x20000000, 0x40000000
  };

  private static final String[] CLONE_NAMESPACE_FLAG_NAMES = {
    "newns", "newcgroup", "newuts", "newipc", "newuser", "newpid", "newnet"
  };

  private static final int CLONE_THREAD = 0x10000;

  private static Path store;
  private static Path runc;

  @TempDir Path temp;

  private record Result(int exit, String out, String err) {
    String describe() {
      return "exit " + exit + ", stdout [" + out + "], stderr [" + err + "]";
    }
  }

  @BeforeAll
  static void setUpStore() throws Exception {
    // In CI a missing root or runc is a failure, never a skip.
    assertEquals(
        "0",
        effectiveUid(),
        "RunIT must run as root: plx run needs root and the suite checks isolation");
    runc = findRunc();
    assertTrue(
        runc != null,
        "runc is not installed (looked on PATH and in /usr/sbin, "
            + "/usr/bin, /sbin); install it: apt-get install runc");
    assertTrue(Files.isRegularFile(JAR), "the packaged jar is missing: " + JAR);

    store = Files.createTempDirectory("plx-run-it-").toRealPath();
    Result latest = plx("setup", "--mirror", MIRROR.toString());
    assertEquals(0, latest.exit(), "plx setup: " + latest.describe());
    Result old = plx("setup", "--mirror", MIRROR.toString(), "--version", "3.19");
    assertEquals(0, old.exit(), "plx setup --version 3.19: " + old.describe());
  }

  /** Acceptance 10: after the whole class, nothing of any container is left. */
  @AfterAll
  static void nothingLeftBehind() throws IOException {
    if (store == null) {
      return;
    }
    try {
      assertEquals(List.of(), mountsUnder(store), "mounts under the test store");
      assertNoContainerInStore();
    } finally {
      FileTrees.deleteRecursively(store);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 3: genuine Alpine, the default image and a chosen one

  @Test
  void uname_printsALinuxLine() throws Exception {
    Result result = plx("run", "uname", "-a");

    assertEquals(0, result.exit(), result.describe());
    assertTrue(result.out().startsWith("Linux "), result.describe());
    assertEquals(1, result.out().strip().lines().count(), result.describe());
  }

  @Test
  void defaultImage_isAlpine3203() throws Exception {
    Result result = plx("run", "cat", "/etc/alpine-release");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("3.20.3\n", result.out());
  }

  @Test
  void imageArgument_alpine319_runsAlpine3194() throws Exception {
    Result result = plx("run", "alpine:3.19", "cat", "/etc/alpine-release");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("3.19.4\n", result.out());
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 4: own pid and uts namespaces

  @Test
  void ps_showsTheCommandAsPid1AndNoHostProcess() throws Exception {
    Result result = plx("run", "ps", "-o", "pid,comm");

    assertEquals(0, result.exit(), result.describe());
    List<String> lines = result.out().strip().lines().map(String::strip).toList();
    assertEquals(2, lines.size(), "only the header and the command: " + result.describe());
    assertTrue(lines.get(1).matches("1\\s+ps"), result.describe());
  }

  @Test
  void hostname_differsFromTheHosts() throws Exception {
    String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();

    Result result = plx("run", "hostname");

    assertEquals(0, result.exit(), result.describe());
    assertFalse(result.out().isBlank(), result.describe());
    assertNotEquals(host, result.out().strip());
  }

  @Test
  void hostnameOption_setsTheHostname() throws Exception {
    Result result =
        plx("run", "--hostname", "plx-box", "cat", "/etc/hostname", "/proc/sys/kernel/hostname");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("plx-box\nplx-box\n", result.out());
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 5: throw-away root file system

  @Test
  void fileCreatedInOneRun_isAbsentInTheNextAndTheImageIsUnchanged() throws Exception {
    Map<String, String> before = snapshot(store.resolve("layers"));

    Result first =
        plx(
            "run",
            "sh",
            "-c",
            "echo x > /created && echo y >> /etc/passwd && rm /bin/ls && chmod 777 /etc/group");
    Result second =
        plx(
            "run",
            "sh",
            "-c",
            "test ! -e /created && test -e /bin/ls && ! grep -qx y /etc/passwd && ls -l /etc/group");

    assertEquals(0, first.exit(), first.describe());
    assertEquals(0, second.exit(), second.describe());
    assertTrue(second.out().startsWith("-rw-r--r--"), second.describe());
    assertEquals(before, snapshot(store.resolve("layers")), "the image layers changed");
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 6: volumes, -e, -w, -u, the image's PATH

  @Test
  void volume_sharesAHostDirectoryBothWays() throws Exception {
    Path shared = Files.createDirectories(temp.resolve("shared"));
    Files.writeString(shared.resolve("from-host"), "hello from the host\n");

    Result result =
        plx(
            "run",
            "-v",
            shared + ":/data",
            "sh",
            "-c",
            "cat /data/from-host && echo hello from the container > /data/from-container");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("hello from the host\n", result.out());
    assertEquals("hello from the container\n", Files.readString(shared.resolve("from-container")));
  }

  @Test
  void readOnlyVolume_makesWritesFail() throws Exception {
    Path shared = Files.createDirectories(temp.resolve("shared"));
    Files.writeString(shared.resolve("existing"), "keep\n");

    Result result =
        plx(
            "run",
            "-v",
            shared + ":/data:ro",
            "sh",
            "-c",
            "echo x > /data/new; echo x > /data/existing");

    assertNotEquals(0, result.exit(), result.describe());
    assertTrue(result.err().contains("Read-only file system"), result.describe());
    assertFalse(Files.exists(shared.resolve("new")));
    assertEquals("keep\n", Files.readString(shared.resolve("existing")));
  }

  @Test
  void envOption_setsTheVariable() throws Exception {
    Result result = plx("run", "-e", "GREETING=hello world", "printenv", "GREETING");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("hello world\n", result.out());
  }

  @Test
  void envOptionWithoutValue_takesTheHostsValue() throws Exception {
    Result result =
        plx(
            Map.of("PLX_IT_HOST_VALUE", "from the host"),
            null,
            "run",
            "-e",
            "PLX_IT_HOST_VALUE",
            "printenv",
            "PLX_IT_HOST_VALUE");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("from the host\n", result.out());
  }

  @Test
  void workdirOption_setsTheWorkingDirectory() throws Exception {
    Result result = plx("run", "-w", "/usr/share", "pwd");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("/usr/share\n", result.out());
  }

  @Test
  void userOption_runsAsThatUid() throws Exception {
    Result result = plx("run", "-u", "1000", "id", "-u");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("1000\n", result.out());
  }

  @Test
  void imageEnvPath_isInPlace() throws Exception {
    Image image =
        new ImageStore(Store.open(store)).find(ImageReference.parse("alpine:latest")).orElseThrow();
    String imagePath =
        image.config().config().env().stream()
            .filter(e -> e.startsWith("PATH="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the image config has no PATH"));

    Result result =
        plx(
            Map.of("PATH", "/host/only/bin:/usr/bin:/bin:/usr/sbin:/sbin"),
            null,
            "run",
            "printenv",
            "PATH");

    assertEquals(0, result.exit(), result.describe());
    assertEquals(imagePath.substring("PATH=".length()) + "\n", result.out());
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 7: exit codes

  @Test
  void commandExitStatus_isPlxsExitStatus() throws Exception {
    Result result = plx("run", "sh", "-c", "exit 3");

    assertEquals(3, result.exit(), result.describe());
  }

  @Test
  void unknownCommand_exits127WithOneLine() throws Exception {
    Result result = plx("run", "no-such-command");

    assertEquals(127, result.exit(), result.describe());
    assertOnePlxLine(result);
  }

  @Test
  void nonExecutableFile_exits126WithOneLine() throws Exception {
    Result result = plx("run", "/etc/passwd");

    assertEquals(126, result.exit(), result.describe());
    assertOnePlxLine(result);
  }

  /**
   * Without --init the shell is PID 1, and the kernel ignores a SIGKILL that PID 1 sends itself
   * from inside its own pid namespace (as under Docker); with --init the shell is an ordinary
   * process and dies of it.
   */
  @Test
  void killedBySignal9UnderInit_exits137() throws Exception {
    Result result = plx("run", "--init", "sh", "-c", "kill -9 $$");

    assertEquals(137, result.exit(), result.describe());
  }

  @Test
  void containerProcessKilledFromOutside_exits137() throws Exception {
    Process plx = start("run", "sleep", "60");
    try {
      String id = awaitRunning(plx);

      Process kill =
          new ProcessBuilder(
                  runc.toString(),
                  "--root",
                  store.resolve("runtime").toString(),
                  "kill",
                  id,
                  "KILL")
              .redirectErrorStream(true)
              .start();
      assertTrue(kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "runc kill hangs");
      assertEquals(0, kill.exitValue(), new String(kill.getInputStream().readAllBytes()));

      assertTrue(plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx did not exit");
      assertEquals(137, plx.exitValue());
      assertNoContainerInStore();
      assertGone(store, id, Set.of());
    } finally {
      plx.destroyForcibly();
    }
  }

  @Test
  void badOption_exits125WithOneLine() throws Exception {
    Result result = plx("run", "--no-such-option", "true");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
  }

  @Test
  void ttyWithoutTerminal_exits125WithOneLine() throws Exception {
    Result result = plx("run", "-t", "true");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
    assertTrue(result.err().contains("-t"), result.describe());
  }

  @Test
  void notRoot_isToldInOneLineToRunAsRoot() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                JAVA,
                "-XX:-UsePerfData",
                "-jar",
                JAR.toString(),
                "run",
                "true"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PLX_ROOT", store.toString());
    Path err = temp.resolve("nonroot.err");
    Process process =
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx as uid 65534 hung");

    String text = Files.readString(err);
    assertEquals(125, process.exitValue(), text);
    assertTrue(text.startsWith("plx: ") && text.lines().count() == 1, text);
    assertTrue(text.contains("root"), text);
    assertNoContainerInStore();
  }

  @Test
  void digestReference_runsThatImage() throws Exception {
    Result images = plx("images", "--format", "json");
    String manifest =
        images
            .out()
            .replaceAll(
                "(?s).*\"reference\":\"alpine:3.19.4\"[^}]*\"manifest\":\"(sha256:[0-9a-f]{64})\".*",
                "$1");
    assertTrue(manifest.startsWith("sha256:"), images.describe());

    Result result = plx("run", "alpine@" + manifest, "cat", "/etc/alpine-release");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("3.19.4\n", result.out());
  }

  /**
   * The launcher's class-data-sharing archive, recorded from {@code CdsTraining}, holds every class
   * a {@code plx run} loads: one class read from the jar costs a run about 10 ms.
   */
  @Test
  void cdsTrainingRun_archivesEveryClassARunLoads() throws Exception {
    Path archive = temp.resolve("plx.jsa");
    Path classes = temp.resolve("classes.log");
    Process training =
        new ProcessBuilder(
                JAVA,
                "-XX:TieredStopAtLevel=1",
                "-XX:ArchiveClassesAtExit=" + archive,
                "-Djava.io.tmpdir=" + temp,
                "-cp",
                JAR.toString(),
                "dev.pocketlinx.cli.CdsTraining")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(training.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "training hung");
    assertTrue(Files.isRegularFile(archive), "no archive was written");

    ProcessBuilder run =
        new ProcessBuilder(
            JAVA,
            "-XX:TieredStopAtLevel=1",
            "-XX:SharedArchiveFile=" + archive,
            "-Xshare:on",
            "-Xlog:class+load:file=" + classes,
            "-jar",
            JAR.toString(),
            "run",
            "true");
    run.environment().put("PLX_ROOT", store.toString());
    Process process =
        run.redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx run hung");

    assertEquals(0, process.exitValue());
    List<String> fromJar =
        Files.readAllLines(classes).stream()
            .filter(line -> line.contains(JAR.getFileName().toString()))
            .toList();
    assertEquals(List.of(), fromJar, "classes a run loads from the jar, not the archive");

    // Method handles spun at run time (record equality, lambdas, string concatenation by
    // invokedynamic) cost milliseconds each; the JDK's process launch needs one.
    List<String> spun =
        Files.readAllLines(classes).stream()
            .filter(line -> line.contains("LambdaForm$MH"))
            .toList();
    assertTrue(spun.size() <= 3, "method handles spun by a run: " + spun);
  }

  @Test
  void interactiveWithStdinClosed_readsNothing() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh", "-c", "exec \"$0\" -jar \"$1\" run -i wc -c <&-", JAVA, JAR.toString())
            .redirectErrorStream(true);
    builder.environment().put("PLX_ROOT", store.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx hung");

    assertEquals(0, process.exitValue(), out);
    assertEquals("0", out.strip());
  }

  @Test
  void workdirThatIsAFileInTheImage_exits125WithOneLine() throws Exception {
    Result result = plx("run", "-w", "/etc/passwd", "true");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
  }

  @Test
  void volumeOverProcOrOfTheWrongKind_exits125WithOneLine() throws Exception {
    Path file = Files.writeString(temp.resolve("a-file"), "x");

    Result overProc = plx("run", "-v", temp + ":/proc", "true");
    Result fileOverDir = plx("run", "-v", file + ":/tmp", "true");
    Result dirOverFile = plx("run", "-v", temp + ":/bin/sh", "true");

    for (Result result : List.of(overProc, fileOverDir, dirOverFile)) {
      assertEquals(125, result.exit(), result.describe());
      assertOnePlxLine(result);
    }
  }

  @Test
  void invalidHostname_exits125WithOneLine() throws Exception {
    Result result = plx("run", "--hostname", "", "hostname");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
  }

  @Test
  void sameContainerPathTwice_exits125WithOneLine() throws Exception {
    Result result = plx("run", "-v", temp + ":/data", "-v", temp + ":/data", "true");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
  }

  @Test
  void runtimeThatNeverStarts_exits125WithOneLine() throws Exception {
    Result result = plx("run", "--runtime", "/bin/false", "true");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
    assertTrue(result.err().contains("--runtime"), result.describe());
    assertNoContainerInStore();
  }

  @Test
  void cgroupTree_isReadOnly() throws Exception {
    Result result = plx("run", "touch", "/sys/fs/cgroup/plx-probe");

    assertEquals(1, result.exit(), result.describe());
    assertTrue(result.err().contains("Read-only file system"), result.describe());
  }

  @Test
  void leftoversOfAKilledSetup_areRemovedByTheNextCommand() throws Exception {
    Path part = Files.createTempFile(store.resolve("tmp"), "minirootfs-", ".part");

    Result result = plx("images");

    assertEquals(0, result.exit(), result.describe());
    assertFalse(Files.exists(part), "left in tmp/: " + part);
  }

  // ---------------------------------------------------------------------------------------
  // Storage, the root file system and the entrypoint

  @Test
  void copyStorage_runsTheImageAndThrowsWritesAway() throws Exception {
    Result first =
        plx(
            "run",
            "--storage",
            "copy",
            "sh",
            "-c",
            "cat /etc/alpine-release; echo x > /etc/plx-copy");
    Result second = plx("run", "--storage", "copy", "cat", "/etc/plx-copy");

    assertEquals(0, first.exit(), first.describe());
    assertEquals("3.20.3\n", first.out());
    assertEquals(1, second.exit(), second.describe());
  }

  /** A runtime that runs runc on a bundle whose overlay names a lower directory that is absent. */
  private Path runtimeThatBreaksTheOverlay() throws IOException {
    Path script =
        Files.writeString(
            temp.resolve("overlay-breaking-runtime"),
            "#!/bin/sh\n"
                + "bundle= previous=\n"
                + "for arg; do [ \"$previous\" = --bundle ] && bundle=$arg; previous=$arg; done\n"
                + "[ -n \"$bundle\" ] && sed -i 's#\"lowerdir=[^,\"]*#\"lowerdir=/plx-absent#'"
                + " \"$bundle/config.json\"\n"
                + "exec "
                + runc
                + " \"$@\"\n");
    script.toFile().setExecutable(true);
    return script;
  }

  @Test
  void overlayThatCannotBeMounted_fallsBackToCopyAndRemembersIt() throws Exception {
    Path driver = store.resolve("storage-driver");
    try {
      Result result = plx("run", "--runtime", runtimeThatBreaksTheOverlay().toString(), "true");

      assertEquals(0, result.exit(), result.describe());
      assertTrue(result.err().contains("copies images from now on"), result.describe());
      assertEquals("copy", Files.readString(driver).strip());
    } finally {
      Files.deleteIfExists(driver);
    }
  }

  @Test
  void commandNamedOverlayNotFound_exits127AndKeepsOverlayStorage() throws Exception {
    Path emptyBin = Files.createDirectories(temp.resolve("empty-bin"));
    Path driver = store.resolve("storage-driver");
    try {
      Result result = plx("run", "-v", emptyBin + ":/usr/local/bin", "overlay");

      assertEquals(127, result.exit(), result.describe());
      assertFalse(Files.exists(driver), "the store switched to copy storage");
    } finally {
      Files.deleteIfExists(driver);
    }
  }

  /**
   * Layers keep their images' setuid files and world-writable directories, and containers what
   * their processes wrote: a host user can reach neither, even when the store's root is open.
   */
  @Test
  void layersAndContainers_areClosedToOtherHostUsers() throws Exception {
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(store);
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Path layer =
          names(store.resolve("layers/sha256")).stream()
              .map(name -> store.resolve("layers/sha256").resolve(name))
              .findFirst()
              .orElseThrow();
      Process read =
          new ProcessBuilder(
                  "setpriv",
                  "--reuid=65534",
                  "--regid=65534",
                  "--clear-groups",
                  "sh",
                  "-c",
                  "cat \"$0\" || exit 9; touch \"$1\" || exit 8; ls \"$2\" || exit 7",
                  layer.resolve("etc/alpine-release").toString(),
                  layer.resolve("tmp/planted-by-a-host-user").toString(),
                  store.resolve("containers").toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(read.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "setpriv hung");

      assertEquals(9, read.exitValue(), out);
      assertTrue(out.contains("Permission denied"), out);
      assertFalse(Files.exists(layer.resolve("tmp/planted-by-a-host-user")));
    } finally {
      Files.setPosixFilePermissions(store, before);
    }
  }

  /**
   * Many throw-away containers at once: each removes its directory while others reap the store, and
   * none of them may fail or warn because of another. (A stress test: a race shows up in some runs,
   * not every run.)
   */
  @Test
  void concurrentRuns_allSucceedWithoutWarnings() throws Exception {
    // Threads of its own: the common pool has one thread on a two-core machine.
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<CompletableFuture<List<Result>>> loops = new ArrayList<>();
    for (int loop = 0; loop < 4; loop++) {
      loops.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<Result> results = new ArrayList<>();
                try {
                  for (int i = 0; i < 12; i++) {
                    results.add(plx("run", "true"));
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return results;
              },
              threads));
    }
    threads.shutdown();
    for (CompletableFuture<List<Result>> loop : loops) {
      for (Result result : loop.get(5 * TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        assertEquals(0, result.exit(), result.describe());
        assertEquals("", result.err(), result.describe());
      }
    }
    assertNoContainerInStore();
  }

  /** The upper directory is thrown away with the container, so the overlay never syncs it. */
  @Test
  void overlayRoot_isMountedVolatileWhereTheKernelHasIt() throws Exception {
    Result result = plx("run", "--storage", "overlay", "grep", "^overlay / ", "/proc/mounts");

    assertEquals(0, result.exit(), result.describe());
    boolean kernelHasVolatile = HostInfo.kernelAtLeast(5, 10);
    assertEquals(kernelHasVolatile, result.out().contains("volatile"), result.describe());
  }

  @Test
  void overlayRoot_neverAppearsInTheHostMountTable() throws Exception {
    Process plx = start("run", "sleep", "60");
    try {
      String id = awaitRunning(plx);

      assertEquals(List.of(), mountsUnder(store), "host mounts while " + id + " runs");
    } finally {
      plx.destroy();
      Thread.sleep(300);
      plx.destroy();
      assertTrue(plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx ignored SIGTERM twice");
    }
    assertNoContainerInStore();
  }

  @Test
  void readOnlyRoot_makesWritesToTheRootFail() throws Exception {
    Result result = plx("run", "--read-only", "touch", "/plx-ro");

    assertEquals(1, result.exit(), result.describe());
    assertTrue(result.err().contains("Read-only file system"), result.describe());
  }

  @Test
  void entrypointOption_replacesTheEntrypointAndDropsTheImagesCmd() throws Exception {
    Result echo = plx("run", "--entrypoint", "echo", "alpine", "from", "entrypoint");
    Result cleared = plx("run", "--entrypoint", "", "alpine");

    assertEquals(0, echo.exit(), echo.describe());
    assertEquals("from entrypoint\n", echo.out());
    assertEquals(125, cleared.exit(), cleared.describe());
    assertOnePlxLine(cleared);
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 8: network

  @Test
  void networkNone_showsOnlyLo() throws Exception {
    Result result = plx("run", "--network", "none", "cat", "/proc/net/dev");

    assertEquals(0, result.exit(), result.describe());
    assertEquals(Set.of("lo"), interfaces(result.out()));
  }

  @Test
  void defaultNetwork_seesTheHostsInterfaces() throws Exception {
    Set<String> host = interfaces(Files.readString(Path.of("/proc/net/dev")));

    Result result = plx("run", "cat", "/proc/net/dev");

    assertEquals(0, result.exit(), result.describe());
    assertEquals(host, interfaces(result.out()));
    assertTrue(interfaces(result.out()).size() > 1, result.describe());
  }

  // ---------------------------------------------------------------------------------------
  // Confinement: /sys, /proc, capabilities

  @Test
  void sys_isReadOnly() throws Exception {
    Result result =
        plx(
            "run",
            "sh",
            "-c",
            "grep -q ' /sys sysfs ro,' /proc/mounts || echo 'sys is not mounted ro'; "
                + "touch /sys/plx-probe; echo 1 > /sys/kernel/uevent_helper");

    assertNotEquals(0, result.exit(), result.describe());
    assertEquals("", result.out(), result.describe());
    assertEquals(2, countOf(result.err(), "Read-only file system"), result.describe());
  }

  @Test
  void procSys_isReadOnly() throws Exception {
    Result result = plx("run", "sh", "-c", "echo plx > /proc/sys/kernel/domainname");

    assertNotEquals(0, result.exit(), result.describe());
    assertTrue(result.err().contains("Read-only file system"), result.describe());
  }

  @Test
  void procKcore_isMasked() throws Exception {
    List<String> masked =
        List.of(
            "/proc/kcore",
            "/proc/keys",
            "/proc/timer_list",
            "/proc/sched_debug",
            "/proc/latency_stats");

    Result result =
        plx(
            "run",
            "sh",
            "-c",
            "for f in "
                + String.join(" ", masked)
                + "; do "
                + "echo \"$f $(cat $f 2>/dev/null | head -c 4096 | wc -c)\"; done");

    assertEquals(0, result.exit(), result.describe());
    for (String path : masked) {
      assertTrue(
          result.out().lines().anyMatch(line -> line.equals(path + " 0")),
          path + " shows content: " + result.describe());
    }
  }

  @Test
  void capabilities_areDockersDefaultSet() throws Exception {
    Result result = plx("run", "grep", "-E", "^Cap(Eff|Bnd)", "/proc/self/status");

    assertEquals(0, result.exit(), result.describe());
    assertEquals(
        "CapEff:\t" + DOCKER_CAPABILITIES + "\nCapBnd:\t" + DOCKER_CAPABILITIES + "\n",
        result
            .out()
            .lines()
            .sorted(java.util.Comparator.reverseOrder())
            .map(line -> line + "\n")
            .collect(Collectors.joining()));
  }

  @Test
  void nonRootUser_hasNoEffectiveCapabilities() throws Exception {
    Result result = plx("run", "-u", "1000", "grep", "CapEff", "/proc/self/status");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("CapEff:\t0000000000000000\n", result.out());
  }

  // ---------------------------------------------------------------------------------------
  // Seccomp: the default profile, and --security-opt seccomp=unconfined

  @Test
  void seccomp_filtersByDefaultAndNotWhenUnconfined() throws Exception {
    Result confined = plx("run", "grep", "^Seccomp:", "/proc/self/status");
    Result unconfined =
        plx(
            "run",
            "--security-opt",
            "seccomp=unconfined",
            "grep",
            "^Seccomp:",
            "/proc/self/status");

    assertEquals(0, confined.exit(), confined.describe());
    assertEquals("Seccomp:\t2\n", confined.out(), "2 is filter mode");
    assertEquals(0, unconfined.exit(), unconfined.describe());
    assertEquals("Seccomp:\t0\n", unconfined.out());
  }

  @Test
  void newUserNamespace_isRefusedByDefaultAndMadeWhenUnconfined() throws Exception {
    Result confined = plx("run", "unshare", "-U", "true");
    Result unconfined = plx("run", "--security-opt", "seccomp=unconfined", "unshare", "-U", "true");

    assertEquals(1, confined.exit(), confined.describe());
    assertTrue(confined.err().contains("Operation not permitted"), confined.describe());
    assertEquals(0, unconfined.exit(), unconfined.describe());
  }

  /**
   * What the filter answers to each call that would give the container a namespace of its own or
   * reach the host's keyrings or mounts, through every ABI the host runs. The clone probes also set
   * CLONE_THREAD without CLONE_SIGHAND, which the kernel refuses with EINVAL before it looks at
   * anything else: EINVAL means the call passed the filter, and no process is ever made.
   */
  @Test
  void namespaceKeyringAndMountCalls_areRefusedByTheFilterOnEveryAbi() throws Exception {
    Path probes = Files.createDirectories(temp.resolve("probes"));
    Map<String, Integer> confined = new TreeMap<>();
    Map<String, Integer> unconfined = new TreeMap<>();
    for (SyscallProbe.Abi abi : SyscallProbe.hostAbis()) {
      String prefix = abi.name().toLowerCase(Locale.ROOT) + "-";
      int clone =
          switch (abi) {
            case X86_64 -> 56;
            case I386 -> 120;
            case AARCH64 -> 220;
          };
      probe(probes, prefix + "clone", abi, clone, CLONE_THREAD);
      confined.put(prefix + "clone", EINVAL);
      unconfined.put(prefix + "clone", EINVAL);
      for (int i = 0; i < CLONE_NAMESPACE_FLAGS.length; i++) {
        String name = prefix + "clone-" + CLONE_NAMESPACE_FLAG_NAMES[i];
        probe(probes, name, abi, clone, CLONE_THREAD | CLONE_NAMESPACE_FLAGS[i]);
        confined.put(name, EPERM);
        unconfined.put(name, EINVAL);
      }
    }
    SyscallProbe.Abi own = SyscallProbe.hostAbis()[0];
    boolean x86 = own == SyscallProbe.Abi.X86_64;
    // clone3 with no arguments: EINVAL from the kernel, ENOSYS from the filter.
    probe(probes, "clone3", own, 435);
    confined.put("clone3", ENOSYS);
    unconfined.put("clone3", EINVAL);
    probe(probes, "unshare-newuser", own, x86 ? 272 : 97, 0x10000000);
    confined.put("unshare-newuser", EPERM);
    unconfined.put("unshare-newuser", 0);
    probe(probes, "setns-badfd", own, x86 ? 308 : 268, -1, 0);
    confined.put("setns-badfd", EPERM);
    unconfined.put("setns-badfd", 9); // EBADF
    probe(probes, "keyctl-badop", own, x86 ? 250 : 219, 9999);
    confined.put("keyctl-badop", EPERM);
    unconfined.put("keyctl-badop", 95); // EOPNOTSUPP
    probe(probes, "mount-null", own, x86 ? 165 : 40);
    confined.put("mount-null", EPERM);
    unconfined.put("mount-null", 14); // EFAULT

    String script = "for p in /probes/*; do $p; echo \"${p#/probes/} $?\"; done";
    Result filtered = plx("run", "-v", probes + ":/probes:ro", "sh", "-c", script);
    Result unfiltered =
        plx(
            "run",
            "--security-opt",
            "seccomp=unconfined",
            "-v",
            probes + ":/probes:ro",
            "sh",
            "-c",
            script);

    assertEquals(0, filtered.exit(), filtered.describe());
    assertEquals(confined, statuses(filtered.out()), filtered.describe());
    assertEquals(0, unfiltered.exit(), unfiltered.describe());
    assertEquals(unconfined, statuses(unfiltered.out()), unfiltered.describe());
  }

  /**
   * Ordinary work meets no rule: a fork-heavy pipeline, a program with many options, and the
   * read-only clock and personality calls the profile leaves allowed on purpose.
   */
  @Test
  void everydayCommands_workUnderTheFilter() throws Exception {
    Result result =
        plx(
            "run",
            "sh",
            "-c",
            "ls / > /dev/null && echo ls"
                + " && seq 1 200 | while read n; do echo $n | cat; done | wc -l"
                + " && wget --help 2>&1 | grep -q Usage && echo wget"
                + " && linux64 true && echo personality"
                + " && adjtimex > /dev/null && echo adjtimex");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("ls\n200\nwget\npersonality\nadjtimex\n", result.out(), result.describe());
  }

  @Test
  void unknownSecurityOption_exits125WithOneLine() throws Exception {
    Result result = plx("run", "--security-opt", "no-new-privileges", "true");

    assertEquals(125, result.exit(), result.describe());
    assertOnePlxLine(result);
    assertTrue(result.err().contains("no-new-privileges"), result.describe());
    assertNoContainerInStore();
  }

  private static void probe(Path dir, String name, SyscallProbe.Abi abi, int number, int... args)
      throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, SyscallProbe.program(abi, number, args));
    assertTrue(file.toFile().setExecutable(true), file.toString());
  }

  /** "name status" lines as a map. */
  private static Map<String, Integer> statuses(String out) {
    Map<String, Integer> statuses = new TreeMap<>();
    for (String line : out.strip().split("\n")) {
      String[] fields = line.split(" ");
      statuses.put(fields[0], Integer.parseInt(fields[1]));
    }
    return statuses;
  }

  // ---------------------------------------------------------------------------------------
  // Standard streams

  @Test
  void stdinWithoutInteractive_isEmpty() throws Exception {
    Result result = plx(Map.of(), "hi\n", "run", "cat");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("", result.out());
  }

  @Test
  void stdinWithInteractive_isPassed() throws Exception {
    Result result = plx(Map.of(), "hi\n", "run", "-i", "cat");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("hi\n", result.out());
  }

  @Test
  void stdoutAndStderr_areKeptApart() throws Exception {
    Result result = plx("run", "sh", "-c", "echo to-out; echo to-err >&2");

    assertEquals(0, result.exit(), result.describe());
    assertEquals("to-out\n", result.out());
    assertEquals("to-err\n", result.err());
  }

  /** The first line arrives while the command still waits for input: nothing is buffered. */
  @Test
  void output_isStreamedAsItIsProduced() throws Exception {
    Process plx =
        processBuilder("run", "-i", "sh", "-c", "echo first; read line; echo $line")
            .redirectError(temp.resolve("stream.err").toFile())
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(plx.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = plx.getOutputStream()) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readLine(out));
      assertEquals("first", first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertTrue(plx.isAlive(), "the command ended before its input was given");

      in.write("second\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertEquals(
          "second",
          CompletableFuture.supplyAsync(() -> readLine(out))
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertTrue(plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx did not exit");
      assertEquals(0, plx.exitValue(), Files.readString(temp.resolve("stream.err")));
    } finally {
      plx.destroyForcibly();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Acceptance 9 and the signals: a container never outlives its plx

  @Test
  void plxKilledWithSigkill_nextCommandRemovesEverything() throws Exception {
    Process plx = start("run", "sleep", "60");
    String id;
    Set<Long> containerPids;
    try {
      id = awaitRunning(plx);
      containerPids = containerProcesses(store, id);
      assertFalse(containerPids.isEmpty(), "no process of container " + id + " was found");

      plx.destroyForcibly();
      assertTrue(plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx survived SIGKILL");
    } finally {
      plx.destroyForcibly();
    }

    Result next = plx("images");

    assertEquals(0, next.exit(), next.describe());
    assertNoContainerInStore();
    assertGone(store, id, containerPids);
  }

  @Test
  void plxTerminatedTwice_stopsTheContainerAndRemovesEverything() throws Exception {
    Process plx = start("run", "sleep", "60");
    String id;
    Set<Long> containerPids;
    try {
      id = awaitRunning(plx);
      containerPids = containerProcesses(store, id);

      // sleep as PID 1 ignores the forwarded SIGTERM; the second one kills the container.
      plx.destroy();
      Thread.sleep(300);
      if (plx.isAlive()) {
        plx.destroy();
      }
      assertTrue(plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx ignored SIGTERM twice");
      int exit = plx.exitValue();
      assertTrue(exit == 143 || exit == 137, "exit status " + exit);
    } finally {
      plx.destroyForcibly();
    }

    // plx cleans up itself: no other plx command runs before these checks.
    assertNoContainerInStore();
    assertGone(store, id, containerPids);
  }

  /**
   * A SIGTERM that arrives while plx is still preparing the container (its directory exists, the
   * runtime has not started) must not leave the directory, or a container, behind.
   */
  @Test
  void plxTerminatedWhilePreparing_leavesNothingBehind() throws Exception {
    Process plx = start("run", "sleep", "60");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (names(store.resolve("containers")).isEmpty() && plx.isAlive()) {
        assertTrue(System.nanoTime() < deadline, "no container directory appeared");
        Thread.onSpinWait();
      }
      plx.destroy();
      Thread.sleep(300);
      if (plx.isAlive()) {
        plx.destroy();
      }
      assertTrue(plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "plx ignored SIGTERM twice");

      List<String> left = names(store.resolve("containers"));
      List<String> state = names(store.resolve("runtime"));
      Set<Long> running = left.isEmpty() ? Set.of() : containerProcesses(store, left.get(0));
      assertEquals(List.of(), left, "container directories after exit " + plx.exitValue());
      assertEquals(List.of(), state, "runc state");
      assertEquals(Set.of(), running, "container processes");
    } finally {
      plx.destroyForcibly();
      plx.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      // Whatever this test found, the next test starts from a clean store.
      plx("images");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Running plx

  private static Result plx(String... args) throws Exception {
    return plx(Map.of(), null, args);
  }

  /** Runs plx to the end with extra environment and stdin; stdin is closed at once if null. */
  private static Result plx(Map<String, String> env, String stdin, String... args)
      throws Exception {
    Path out = Files.createTempFile("plx-it-", ".out");
    Path err = Files.createTempFile("plx-it-", ".err");
    try {
      ProcessBuilder builder =
          processBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The command did not read its input; its result says what happened.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("plx " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static ProcessBuilder processBuilder(String... args) {
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PLX_ROOT", store.toString());
    return builder;
  }

  /** Starts plx in the background, its output discarded. */
  private static Process start(String... args) throws IOException {
    return processBuilder(args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /**
   * Waits until the container of a background plx runs its command: its directory and runc state
   * exist and a process of it is in its cgroup. Returns the container id.
   */
  private static String awaitRunning(Process plx) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      assertTrue(plx.isAlive(), "plx ended before its container ran");
      List<String> ids = names(store.resolve("runtime"));
      if (ids.size() == 1
          && Files.isDirectory(store.resolve("containers").resolve(ids.get(0)))
          && !containerProcesses(store, ids.get(0)).isEmpty()) {
        return ids.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the container did not start within " + TIMEOUT_SECONDS + " s");
  }

  private static void assertNoContainerInStore() throws IOException {
    assertEquals(List.of(), names(store.resolve("containers")), "container directories");
    assertEquals(List.of(), names(store.resolve("runtime")), "runc state");
  }

  private static void assertOnePlxLine(Result result) {
    assertTrue(result.err().startsWith("plx: "), result.describe());
    assertEquals(1, result.err().lines().count(), result.describe());
    assertEquals("", result.out(), result.describe());
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
