package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pocketlinx.PlxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentTest {

  private static final Map<String, String> HOST =
      Map.of("HOST_ONLY", "from-host", "SHARED", "host-shared");

  @TempDir Path dir;

  @Test
  void addAll_laterSources_overrideImageThenEnvFileThenDashE() throws Exception {
    Path file = Files.writeString(dir.resolve("env"), "A=file\nB=file\n");

    Environment env =
        new Environment(HOST)
            .addAll(List.of("A=image", "B=image", "C=image"), "the image config")
            .addFile(file)
            .addAll(List.of("A=flag"), "-e");

    assertEquals("flag", env.get("A"));
    assertEquals("file", env.get("B"));
    assertEquals("image", env.get("C"));
  }

  @Test
  void toList_keepsFirstSeenOrder() throws PlxException {
    Environment env =
        new Environment(HOST)
            .addAll(List.of("PATH=/bin", "X=1"), "the image config")
            .addAll(List.of("PATH=/usr/bin", "Y=2"), "-e");

    assertEquals(List.of("PATH=/usr/bin", "X=1", "Y=2"), env.toList());
  }

  @Test
  void addAll_keyWithoutValue_takesTheHostsValue() throws PlxException {
    Environment env = new Environment(HOST).addAll(List.of("HOST_ONLY"), "-e");

    assertEquals(List.of("HOST_ONLY=from-host"), env.toList());
  }

  @Test
  void addAll_keyWithoutValueMissingOnHost_isOmitted() throws PlxException {
    Environment env = new Environment(HOST).addAll(List.of("NOT_ON_HOST"), "-e");

    assertFalse(env.has("NOT_ON_HOST"));
    assertEquals(List.of(), env.toList());
  }

  /**
   * Docker's rule: {@code -e KEY} with no value on the host leaves KEY unset in the container, even
   * when the image sets it.
   */
  @Test
  void addAll_keyWithoutValueMissingOnHost_unsetsTheImagesValue() throws PlxException {
    Environment env =
        new Environment(HOST)
            .addAll(List.of("DEBUG=1"), "the image config")
            .addAll(List.of("DEBUG"), "-e");

    assertFalse(env.has("DEBUG"), env.toList().toString());
  }

  @Test
  void addAll_valueWithEqualsSigns_keepsEverythingAfterTheFirst() throws PlxException {
    Environment env = new Environment(HOST).addAll(List.of("OPTS=a=b=c", "EMPTY="), "-e");

    assertEquals("a=b=c", env.get("OPTS"));
    assertEquals("", env.get("EMPTY"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"=value", "=", "A\0B=1", "A B=1", "B =2", "A\tB=1"})
  void addAll_invalidEntry_isRejected(String entry) {
    assertThrows(PlxException.class, () -> new Environment(HOST).addAll(List.of(entry), "-e"));
  }

  @Test
  void addFile_commentsAndBlankLines_areSkipped() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("env"),
            String.join(
                "\n",
                "# a comment",
                "",
                "   ",
                "  # an indented comment",
                "A=1",
                "  B=two words",
                "C=#not-a-comment",
                "HOST_ONLY",
                "NOT_ON_HOST",
                ""));

    Environment env = new Environment(HOST).addFile(file);

    assertEquals(
        List.of("A=1", "B=two words", "C=#not-a-comment", "HOST_ONLY=from-host"), env.toList());
  }

  @Test
  void addFile_windowsLineEndings_areNotPartOfTheValue() throws Exception {
    Path file = Files.writeString(dir.resolve("env"), "A=1\r\nB=2\r\n");

    assertEquals(List.of("A=1", "B=2"), new Environment(HOST).addFile(file).toList());
  }

  @Test
  void addFile_missingFile_isAnErrorNamingIt() {
    Path missing = dir.resolve("missing.env");

    PlxException e = assertThrows(PlxException.class, () -> new Environment(HOST).addFile(missing));
    assertEquals(true, e.getMessage().contains(missing.toString()), e.getMessage());
    assertEquals(true, e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void addFile_notUtf8_saysSo() throws Exception {
    Path file = dir.resolve("latin1.env");
    java.nio.file.Files.write(file, new byte[] {'A', '=', (byte) 0xe9, '\n'});

    PlxException e = assertThrows(PlxException.class, () -> new Environment(HOST).addFile(file));
    assertEquals(true, e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void putIfAbsent_keepsAValueSetBefore() throws PlxException {
    Environment env =
        new Environment(HOST)
            .addAll(List.of("HOME=/custom"), "-e")
            .putIfAbsent("HOME", "/root")
            .putIfAbsent("HOSTNAME", "box");

    assertEquals("/custom", env.get("HOME"));
    assertEquals("box", env.get("HOSTNAME"));
  }

  @Test
  void addFile_byteOrderMark_isNotPartOfTheFirstKey() throws Exception {
    Path file = Files.writeString(dir.resolve("env"), "\uFEFFFIRST=1\nSECOND=2\n");

    Environment env = new Environment(HOST).addFile(file);

    assertEquals(List.of("FIRST=1", "SECOND=2"), env.toList());
  }
}
