package dev.pocketlinx.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

  @TempDir Path root;

  private Store store;
  private ImageStore images;

  @BeforeEach
  void openStore() throws Exception {
    store = Store.open(root);
    images = new ImageStore(store);
  }

  /** A distinct image: its config carries a marker so each manifest digest differs. */
  private Descriptor image(String marker) throws IOException {
    ImageConfig config =
        new ImageConfig(
            null,
            "amd64",
            "linux",
            new ImageConfig.Config(null, List.of("MARK=" + marker), null, List.of("/bin/sh"), null),
            List.of());
    byte[] configJson = Json.write(config).getBytes(StandardCharsets.UTF_8);
    Manifest manifest =
        new Manifest(
            new Descriptor(MediaTypes.CONFIG, store.writeBlob(configJson), configJson.length),
            List.of());
    byte[] manifestJson = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
    return new Descriptor(MediaTypes.MANIFEST, store.writeBlob(manifestJson), manifestJson.length);
  }

  private List<String> references() throws IOException {
    return images.list().stream().map(i -> i.reference().toString()).toList();
  }

  @Test
  void open_newStore_isAnOciLayoutWithAnEmptyIndex() throws Exception {
    assertTrue(Files.isRegularFile(root.resolve("oci-layout")));
    assertEquals(
        List.of(),
        Json.objects(Json.parseObject(Files.readString(root.resolve("index.json"))), "manifests"));
  }

  @Test
  void find_digestReference_findsTheManifestWhateverItsTag() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:3.20"), a);
    images.tag(ImageReference.parse("alpine:other"), image("b"));

    Image byDigest = images.find(ImageReference.parse("alpine@" + a.digest())).orElseThrow();
    Image byTagAndDigest =
        images.find(ImageReference.parse("alpine:nope@" + a.digest())).orElseThrow();

    assertEquals(a.digest(), byDigest.manifestDigest());
    assertEquals(a.digest(), byTagAndDigest.manifestDigest());
  }

  @Test
  void find_digestOfAnotherRepository_findsNothing() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:3.20"), a);

    assertTrue(images.find(ImageReference.parse("busybox@" + a.digest())).isEmpty());
  }

  @Test
  void tag_existingReference_keepsItsPlaceInTheIndex() throws Exception {
    images.tag(ImageReference.parse("alpine:1"), image("a"));
    images.tag(ImageReference.parse("alpine:2"), image("b"));
    images.tag(ImageReference.parse("alpine:3"), image("c"));

    images.tag(ImageReference.parse("alpine:2"), image("d"));

    assertEquals(List.of("alpine:1", "alpine:2", "alpine:3"), references());
    assertEquals(
        "MARK=d",
        images.find(ImageReference.parse("alpine:2")).orElseThrow().config().config().env().get(0));
  }

  @Test
  void find_corruptIndex_failsNamingTheIndexAndTheRepair() throws Exception {
    Files.writeString(store.indexFile(), "{\"manifests\": [");

    ImageStore.CorruptIndexException e =
        assertThrows(
            ImageStore.CorruptIndexException.class,
            () -> images.find(ImageReference.parse("alpine")));

    assertTrue(e.getMessage().contains("index.json"), e.getMessage());
    assertTrue(e.getMessage().contains("plx setup"), e.getMessage());
  }

  @Test
  void find_indexThatIsNotUtf8_isCorrupt() throws Exception {
    Files.write(store.indexFile(), new byte[] {(byte) 0xff, (byte) 0xfe});

    assertThrows(
        ImageStore.CorruptIndexException.class, () -> images.find(ImageReference.parse("alpine")));
  }

  @Test
  void tag_corruptIndex_keepsItAsideAndStartsANewOne() throws Exception {
    Files.writeString(store.indexFile(), "not json");

    images.tag(ImageReference.parse("alpine:3.20"), image("a"));

    assertEquals(List.of("alpine:3.20"), references());
    try (Stream<Path> files = Files.list(root)) {
      List<Path> aside =
          files.filter(p -> p.getFileName().toString().startsWith("index.json.corrupt-")).toList();
      assertEquals(1, aside.size());
      assertEquals("not json", Files.readString(aside.get(0)));
    }
  }
}
