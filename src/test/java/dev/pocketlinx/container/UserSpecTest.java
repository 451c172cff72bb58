package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.bundle.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resolves users against a fake image layer holding etc/passwd and etc/group. */
class UserSpecTest {

  @TempDir Path layer;

  private ImageFiles files;

  @BeforeEach
  void writeImage() throws IOException {
    Files.createDirectories(layer.resolve("etc"));
    Files.writeString(
        layer.resolve("etc/passwd"),
        String.join(
            "\n",
            "root:x:0:0:root:/root:/bin/sh",
            "daemon:x:2:2:daemon:/sbin:/sbin/nologin",
            "# a comment line",
            "",
            "dev:x:1000:1000:Developer:/home/dev:/bin/sh",
            "nohome:x:1001:1001:::/bin/sh",
            ""));
    Files.writeString(
        layer.resolve("etc/group"),
        String.join(
            "\n",
            "root:x:0:root",
            "wheel:x:10:root,dev",
            "audio:x:18:dev",
            "staff:x:50:",
            "dev:x:1000:",
            "video:x:27:other,dev,more",
            ""));
    files = new ImageFiles(List.of(layer));
  }

  @Test
  void resolve_userName_takesIdsAndHomeFromPasswd() throws PlxException {
    UserSpec.Resolved resolved = UserSpec.resolve("dev", files);

    assertEquals(1000, resolved.user().uid());
    assertEquals(1000, resolved.user().gid());
    assertEquals("/home/dev", resolved.home());
  }

  @Test
  void resolve_knownUid_isTheSameAsItsName() throws PlxException {
    assertEquals(UserSpec.resolve("dev", files), UserSpec.resolve("1000", files));
  }

  @Test
  void resolve_uidAndGid_usesTheGivenGid() throws PlxException {
    Process.User user = UserSpec.resolve("1000:50", files).user();

    assertEquals(1000, user.uid());
    assertEquals(50, user.gid());
  }

  @Test
  void resolve_nameAndGroupName_takesTheGroupsGid() throws PlxException {
    Process.User user = UserSpec.resolve("dev:staff", files).user();

    assertEquals(1000, user.uid());
    assertEquals(50, user.gid());
  }

  @Test
  void resolve_unknownNumericUid_runsWithGidZeroAndHomeRoot() throws PlxException {
    UserSpec.Resolved resolved = UserSpec.resolve("4242", files);

    assertEquals(new Process.User(4242, 0, List.of()), resolved.user());
    assertEquals("/", resolved.home());
  }

  @Test
  void resolve_unknownNumericUidAndGid_usesBoth() throws PlxException {
    assertEquals(
        new Process.User(4242, 4343, List.of()), UserSpec.resolve("4242:4343", files).user());
  }

  @Test
  void resolve_unknownName_isAnErrorNamingTheUser() {
    PlxException e = assertThrows(PlxException.class, () -> UserSpec.resolve("ghost", files));

    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
  }

  @Test
  void resolve_unknownGroupName_isAnErrorNamingTheGroup() {
    PlxException e = assertThrows(PlxException.class, () -> UserSpec.resolve("dev:ghosts", files));

    assertTrue(e.getMessage().contains("ghosts"), e.getMessage());
  }

  @Test
  void resolve_userInGroups_getsThemAsSupplementaryGroups() throws PlxException {
    assertEquals(List.of(10L, 18L, 27L), UserSpec.resolve("dev", files).user().additionalGids());
  }

  @Test
  void resolve_primaryGroupListingTheUser_isNotRepeatedAsSupplementary() throws PlxException {
    Process.User user = UserSpec.resolve("dev:wheel", files).user();

    assertEquals(10, user.gid());
    assertEquals(List.of(18L, 27L), user.additionalGids());
  }

  @Test
  void resolve_noUser_isRoot() throws PlxException {
    for (String nothing : new String[] {null, "", "  "}) {
      UserSpec.Resolved resolved = UserSpec.resolve(nothing, files);

      assertEquals(0, resolved.user().uid());
      assertEquals(0, resolved.user().gid());
      assertEquals("/root", resolved.home());
      assertEquals(List.of(10L), resolved.user().additionalGids());
    }
  }

  @Test
  void resolve_emptyHomeField_isRoot() throws PlxException {
    assertEquals("/", UserSpec.resolve("nohome", files).home());
  }

  @Test
  void resolve_imageWithoutPasswd_acceptsNumericIdsOnly(@TempDir Path empty) throws Exception {
    ImageFiles bare = new ImageFiles(List.of(empty));

    assertEquals(new Process.User(1000, 0, List.of()), UserSpec.resolve("1000", bare).user());
    assertEquals(new Process.User(0, 0, List.of()), UserSpec.resolve(null, bare).user());
    assertThrows(PlxException.class, () -> UserSpec.resolve("dev", bare));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "4294967295", "99999999999999999999", "1000:-5"})
  void resolve_idOutOfRange_isRejected(String spec) {
    assertThrows(PlxException.class, () -> UserSpec.resolve(spec, files));
  }

  @Test
  void resolve_groupWithoutUser_saysItNamesNoUser() {
    PlxException e = assertThrows(PlxException.class, () -> UserSpec.resolve(":0", files));

    assertTrue(e.getMessage().contains("names no user"), e.getMessage());
  }
}
