package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.ExitCodes;
import dev.pocketlinx.PlxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake Alpine layer: busybox with links to it, a plain file, a directory. */
class CommandCheckTest {

  private static final String PATH = "/usr/local/bin:/usr/bin:/bin";
  private static final List<String> KERNEL_MOUNTS = List.of("/proc", "/dev", "/sys");

  @TempDir Path layer;

  private ImageFiles files;

  @BeforeEach
  void makeLayer() throws IOException {
    Path busybox = layer.resolve("bin/busybox");
    Files.createDirectories(busybox.getParent());
    Files.writeString(busybox, "#!busybox");
    Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(layer.resolve("bin/sh"), Path.of("busybox"));
    Files.createDirectories(layer.resolve("usr/bin"));
    Files.createSymbolicLink(layer.resolve("usr/bin/env"), Path.of("/bin/busybox"));
    Files.createDirectories(layer.resolve("etc"));
    Path passwd = Files.writeString(layer.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
    Path notes = Files.writeString(layer.resolve("usr/bin/notes"), "text");
    Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createDirectories(layer.resolve("usr/bin/adir"));
    files = new ImageFiles(List.of(layer));
  }

  private void check(String command, String cwd, List<String> mounts) throws PlxException {
    CommandCheck.check(command, PATH, cwd, mounts, files);
  }

  private PlxException failure(String command) {
    return assertThrows(PlxException.class, () -> check(command, "/", KERNEL_MOUNTS));
  }

  @Test
  void check_commandNotInPath_isNotFound() {
    PlxException e = failure("nosuch");

    assertEquals(ExitCodes.NOT_FOUND, e.exitCode());
    assertEquals(127, e.exitCode());
    assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void check_missingAbsolutePath_isNotFound() {
    assertEquals(127, failure("/bin/nosuch").exitCode());
    assertEquals(127, failure("/nodir/nosuch").exitCode());
  }

  @Test
  void check_nonExecutableFile_cannotBeExecuted() {
    PlxException e = failure("/etc/passwd");

    assertEquals(ExitCodes.CANNOT_EXECUTE, e.exitCode());
    assertEquals(126, e.exitCode());
  }

  @Test
  void check_nonExecutableFileFoundInPath_cannotBeExecuted() {
    assertEquals(126, failure("notes").exitCode());
  }

  @Test
  void check_directory_cannotBeExecuted() {
    assertEquals(126, failure("/etc").exitCode());
    assertEquals(126, failure("/usr/bin/adir").exitCode());
  }

  @Test
  void check_commandFoundThroughPathViaAbsoluteLink_passes() {
    assertDoesNotThrow(() -> check("env", "/", KERNEL_MOUNTS));
    assertDoesNotThrow(() -> check("/usr/bin/env", "/", KERNEL_MOUNTS));
  }

  @Test
  void check_commandFoundThroughPathViaRelativeLink_passes() {
    assertDoesNotThrow(() -> check("sh", "/", KERNEL_MOUNTS));
    assertDoesNotThrow(() -> check("busybox", "/", KERNEL_MOUNTS));
  }

  @Test
  void check_relativePath_isTakenFromTheWorkingDirectory() {
    assertDoesNotThrow(() -> check("bin/sh", "/", KERNEL_MOUNTS));
    assertDoesNotThrow(() -> check("./busybox", "/bin", KERNEL_MOUNTS));
    assertEquals(
        127,
        assertThrows(PlxException.class, () -> check("./busybox", "/usr", KERNEL_MOUNTS))
            .exitCode());
  }

  @Test
  void check_pathUnderAVolume_isLeftToTheRuntime() {
    List<String> mounts = List.of("/proc", "/dev", "/sys", "/work");

    assertDoesNotThrow(() -> check("/work/build.sh", "/", mounts));
    assertDoesNotThrow(() -> check("./build.sh", "/work", mounts));
    assertDoesNotThrow(() -> check("/work", "/", mounts));
  }

  @Test
  void check_commandInPathDirectoryThatIsAVolume_isLeftToTheRuntime() {
    List<String> mounts = List.of("/opt/tools");

    assertDoesNotThrow(() -> CommandCheck.check("mytool", "/opt/tools:/bin", "/", mounts, files));
  }

  @Test
  void check_pathSharingOnlyAPrefixWithAVolume_isStillChecked() {
    List<String> mounts = List.of("/work");

    assertThrows(PlxException.class, () -> check("/workshop/build.sh", "/", mounts));
  }

  @Test
  void check_pathUnderProc_isLeftToTheRuntime() {
    assertDoesNotThrow(() -> check("/proc/self/exe", "/", KERNEL_MOUNTS));
  }

  @Test
  void check_relativeEntriesInPath_areSkipped() {
    PlxException e =
        assertThrows(
            PlxException.class,
            () -> CommandCheck.check("sh", "bin::usr/bin", "/", KERNEL_MOUNTS, files));

    assertEquals(127, e.exitCode());
  }

  @Test
  void check_noPathAtAll_isNotFound() {
    assertEquals(
        127,
        assertThrows(
                PlxException.class, () -> CommandCheck.check("sh", null, "/", KERNEL_MOUNTS, files))
            .exitCode());
  }
}
