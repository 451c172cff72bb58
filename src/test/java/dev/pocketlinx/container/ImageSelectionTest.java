package dev.pocketlinx.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Descriptor;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.image.MediaTypes;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A small store with tiny config and manifest blobs tagged as Alpine images. */
class ImageSelectionTest {

  @TempDir Path root;

  private Store store;
  private ImageStore images;

  private ImageStore storeWith(String... references) throws Exception {
    store = Store.open(root);
    images = new ImageStore(store);
    for (String reference : references) {
      images.tag(ImageReference.parse(reference), manifestFor(reference));
    }
    return images;
  }

  /** A distinct image per reference: its config names the reference it was made for. */
  private Descriptor manifestFor(String reference) throws IOException {
    Map<String, Object> config =
        Json.object(
            "created", "2024-01-01T00:00:00Z",
            "architecture", "amd64",
            "os", "linux",
            "config",
                Json.object("Cmd", List.of("/bin/sh"), "Env", List.of("MADE_FOR=" + reference)),
            "rootfs", Json.object("type", "layers", "diff_ids", List.of()));
    byte[] configBytes = Json.write(config).getBytes(StandardCharsets.UTF_8);
    Digest configDigest = store.writeBlob(configBytes);
    Map<String, Object> manifest =
        Json.object(
            "schemaVersion",
            2,
            "mediaType",
            MediaTypes.MANIFEST,
            "config",
            new Descriptor(MediaTypes.CONFIG, configDigest, configBytes.length),
            "layers",
            List.of());
    byte[] manifestBytes = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
    return new Descriptor(
        MediaTypes.MANIFEST, store.writeBlob(manifestBytes), manifestBytes.length);
  }

  private static String madeFor(ImageSelection.Selected selected) {
    return selected.image().config().config().env().get(0);
  }

  @Test
  void select_commandWord_runsTheCommandInTheDefaultImage() throws Exception {
    storeWith("alpine:latest", "alpine:3.19");

    ImageSelection.Selected selected = ImageSelection.select(List.of("uname", "-a"), images);

    assertEquals("MADE_FOR=alpine:latest", madeFor(selected));
    assertEquals(List.of("uname", "-a"), selected.command());
  }

  @Test
  void select_taggedImageInTheStore_isTheImage() throws Exception {
    storeWith("alpine:latest", "alpine:3.19");

    ImageSelection.Selected selected =
        ImageSelection.select(List.of("alpine:3.19", "cat", "x"), images);

    assertEquals("MADE_FOR=alpine:3.19", madeFor(selected));
    assertEquals(List.of("cat", "x"), selected.command());
  }

  @Test
  void select_imageNameAlone_isTheImageWithNoCommand() throws Exception {
    storeWith("alpine:latest", "alpine:3.19");

    ImageSelection.Selected selected = ImageSelection.select(List.of("alpine"), images);

    assertEquals("MADE_FOR=alpine:latest", madeFor(selected));
    assertEquals(List.of(), selected.command());
  }

  @Test
  void select_missingAlpineVersion_saysWhichSetupToRun() throws Exception {
    storeWith("alpine:latest", "alpine:3.19");

    PlxException e =
        assertThrows(
            PlxException.class,
            () -> ImageSelection.select(List.of("alpine:3.99", "true"), images));

    assertTrue(e.getMessage().contains("plx setup --version 3.99"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertEquals(125, e.exitCode());
  }

  @Test
  void select_absolutePath_isACommand() throws Exception {
    storeWith("alpine:latest");

    ImageSelection.Selected selected = ImageSelection.select(List.of("/bin/sh"), images);

    assertEquals("MADE_FOR=alpine:latest", madeFor(selected));
    assertEquals(List.of("/bin/sh"), selected.command());
  }

  @Test
  void select_relativePath_isACommand() throws Exception {
    storeWith("alpine:latest");

    assertEquals(List.of("./run.sh"), ImageSelection.select(List.of("./run.sh"), images).command());
  }

  @Test
  void select_nothing_isTheDefaultImageWithNoCommand() throws Exception {
    storeWith("alpine:latest");

    ImageSelection.Selected selected = ImageSelection.select(List.of(), images);

    assertEquals("MADE_FOR=alpine:latest", madeFor(selected));
    assertEquals(List.of(), selected.command());
  }

  @Test
  void select_emptyStore_saysToRunSetup() throws Exception {
    storeWith();

    PlxException e =
        assertThrows(
            PlxException.class, () -> ImageSelection.select(List.of("uname", "-a"), images));

    assertTrue(e.getMessage().contains("plx setup"), e.getMessage());
  }

  @Test
  void select_storeWithoutTheDefaultImage_saysToRunSetup() throws Exception {
    storeWith("alpine:3.19");

    PlxException e =
        assertThrows(PlxException.class, () -> ImageSelection.select(List.of("true"), images));

    assertTrue(e.getMessage().contains("plx setup"), e.getMessage());
  }

  @Test
  void select_missingImageOfAnotherRegistry_isAnError() throws Exception {
    storeWith("alpine:latest");

    assertThrows(
        PlxException.class, () -> ImageSelection.select(List.of("quay.io/x/y", "sh"), images));
  }

  @Test
  void select_commandArguments_areNeverTakenForAnImage() throws Exception {
    storeWith("alpine:latest", "alpine:3.19");

    ImageSelection.Selected selected =
        ImageSelection.select(List.of("echo", "alpine:3.19"), images);

    assertEquals("MADE_FOR=alpine:latest", madeFor(selected));
    assertEquals(List.of("echo", "alpine:3.19"), selected.command());
  }

  @ParameterizedTest
  @ValueSource(strings = {"alpine:latest@sha256:abc", "alpine:", ":tag", "Alpine:3.20", "a@b"})
  void select_wordWithColonOrAtThatIsNoReference_isAnInvalidReference(String word)
      throws Exception {
    storeWith("alpine:latest");

    PlxException e =
        assertThrows(
            PlxException.class, () -> ImageSelection.select(List.of(word, "true"), images));

    assertTrue(e.getMessage().startsWith("invalid image reference '" + word + "'"), e.getMessage());
  }

  @Test
  void select_wordThatIsNoReferenceWithoutColonOrAt_isACommand() throws Exception {
    storeWith("alpine:latest");

    ImageSelection.Selected selected = ImageSelection.select(List.of("Make", "all"), images);

    assertEquals(List.of("Make", "all"), selected.command());
  }

  /** Makes the manifest blob of a tagged image invalid JSON. */
  private void damage(String reference) throws Exception {
    Digest manifest = images.find(ImageReference.parse(reference)).orElseThrow().manifestDigest();
    Files.writeString(store.blobPath(manifest), "{\n");
  }

  @Test
  void select_damagedImage_failsInOneLineNamingTheImageAndTheRepair() throws Exception {
    storeWith("alpine:latest", "alpine:3.19");
    damage("alpine:3.19");

    PlxException e =
        assertThrows(
            PlxException.class,
            () -> ImageSelection.select(List.of("alpine:3.19", "true"), images));

    assertTrue(e.getMessage().startsWith("image alpine:3.19 is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("plx setup --version 3.19"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void select_missingImageWhileAnotherIsDamaged_saysItIsMissing() throws Exception {
    storeWith("alpine:3.19", "alpine:latest");
    damage("alpine:3.19");

    PlxException e =
        assertThrows(
            PlxException.class,
            () -> ImageSelection.select(List.of("alpine:3.21", "true"), images));

    assertTrue(e.getMessage().startsWith("no image alpine:3.21 in the store"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"alpine:LATEST", "alpine:latest-ish", "alpine:3..2", "alpine:v3.20"})
  void select_missingAlpineTagThatIsNoVersion_saysToRunSetupWithoutThatVersion(String reference)
      throws Exception {
    storeWith("alpine:3.19");

    PlxException e =
        assertThrows(
            PlxException.class, () -> ImageSelection.select(List.of(reference, "true"), images));

    assertFalse(e.getMessage().contains("--version"), e.getMessage());
  }
}
