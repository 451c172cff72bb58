package dev.pocketlinx.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    return image(marker, List.of());
  }

  private Descriptor image(String marker, List<Digest> diffIds) throws IOException {
    ImageConfig config =
        new ImageConfig(
            null,
            "amd64",
            "linux",
            new ImageConfig.Config(null, List.of("MARK=" + marker), null, List.of("/bin/sh"), null),
            diffIds);
    byte[] configJson = Json.write(config).getBytes(StandardCharsets.UTF_8);
    List<Descriptor> layers = new ArrayList<>();
    for (Digest diffId : diffIds) {
      layers.add(new Descriptor(MediaTypes.LAYER_TAR, diffId, 0));
    }
    Manifest manifest =
        new Manifest(
            new Descriptor(MediaTypes.CONFIG, store.writeBlob(configJson), configJson.length),
            layers);
    byte[] manifestJson = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
    return new Descriptor(MediaTypes.MANIFEST, store.writeBlob(manifestJson), manifestJson.length);
  }

  private List<String> references() throws IOException {
    return images.list().images().stream().map(i -> i.reference().toString()).toList();
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

  // --- damaged images ---------------------------------------------------------------------

  /** The config digest of a tagged image, read from its manifest blob. */
  private Digest configOf(Descriptor manifest) throws IOException {
    String json = new String(store.readBlob(manifest.digest()), StandardCharsets.UTF_8);
    return Manifest.fromJson(Json.parseObject(json)).config().digest();
  }

  private static void assertOneLine(String message) {
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void find_manifestBlobNotJson_failsNamingTheImageTheBlobAndTheRepair() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:3.19"), a);
    Files.writeString(store.blobPath(a.digest()), "{\n");

    IOException e =
        assertThrows(IOException.class, () -> images.find(ImageReference.parse("alpine:3.19")));

    assertTrue(e.getMessage().startsWith("image alpine:3.19 is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("manifest blob " + a.digest()), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("plx setup --version 3.19"), e.getMessage());
    assertOneLine(e.getMessage());
  }

  @Test
  void find_damagedImage_carriesTheReferenceAndTheBlob() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:3.19"), a);
    Files.writeString(store.blobPath(a.digest()), "[]");

    DamagedImageException e =
        assertThrows(
            DamagedImageException.class, () -> images.find(ImageReference.parse("alpine:3.19")));

    assertEquals("alpine:3.19", e.reference().toString());
    assertEquals(a.digest(), e.blob());
    assertEquals("manifest", e.blobKind());
  }

  @Test
  void find_missingConfigBlob_namesTheConfigBlobNotTheIndex() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:latest"), a);
    Digest config = configOf(a);
    Files.delete(store.blobPath(config));

    IOException e =
        assertThrows(IOException.class, () -> images.find(ImageReference.parse("alpine")));

    assertTrue(e.getMessage().startsWith("image alpine:latest is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("config blob " + config + " is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("run 'plx setup' again"), e.getMessage());
    assertFalse(e.getMessage().contains("index"), e.getMessage());
    assertFalse(ImageStore.failure(e).getMessage().contains("index"), e.getMessage());
  }

  @Test
  void find_configWithoutRootfs_isDamaged() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:latest"), a);
    Digest config = configOf(a);
    Files.writeString(store.blobPath(config), "{\"schemaVersion\":2}");

    IOException e =
        assertThrows(IOException.class, () -> images.find(ImageReference.parse("alpine")));

    assertTrue(e.getMessage().contains("config blob " + config), e.getMessage());
    assertTrue(e.getMessage().contains("not an image config"), e.getMessage());
  }

  @Test
  void find_manifestWithoutConfig_isDamaged() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:latest"), a);
    Files.writeString(store.blobPath(a.digest()), "{\"schemaVersion\":2}");

    IOException e =
        assertThrows(IOException.class, () -> images.find(ImageReference.parse("alpine")));

    assertTrue(e.getMessage().contains("manifest blob " + a.digest()), e.getMessage());
    assertTrue(e.getMessage().contains("not an image manifest"), e.getMessage());
  }

  @Test
  void find_manifestLayersAndConfigDiffIdsDisagree_isDamaged() throws Exception {
    Digest layer = Digest.of(new byte[] {1});
    Descriptor a = image("a", List.of(layer));
    Digest config = configOf(a);
    Manifest noLayers = new Manifest(new Descriptor(MediaTypes.CONFIG, config, 1), List.of());
    byte[] json = Json.write(noLayers).getBytes(StandardCharsets.UTF_8);
    images.tag(
        ImageReference.parse("alpine:latest"),
        new Descriptor(MediaTypes.MANIFEST, store.writeBlob(json), json.length));

    IOException e =
        assertThrows(IOException.class, () -> images.find(ImageReference.parse("alpine")));

    assertTrue(e.getMessage().contains("lists 0 layers"), e.getMessage());
  }

  @Test
  void list_damagedImage_isSetApartAndTheOthersListed() throws Exception {
    images.tag(ImageReference.parse("alpine:3.20"), image("a"));
    Descriptor damaged = image("b");
    images.tag(ImageReference.parse("alpine:3.19"), damaged);
    images.tag(ImageReference.parse("alpine:latest"), image("a"));
    Files.delete(store.blobPath(damaged.digest()));

    ImageStore.Listing listing = images.list();

    assertEquals(
        List.of("alpine:3.20", "alpine:latest"),
        listing.images().stream().map(i -> i.reference().toString()).toList());
    assertEquals(1, listing.damaged().size());
    assertEquals("alpine:3.19", listing.damaged().get(0).reference().toString());
  }

  @Test
  void referencesAndHas_damagedImage_readNoBlob() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("alpine:3.19"), a);
    Files.delete(store.blobPath(a.digest()));

    assertTrue(images.has(ImageReference.parse("alpine:3.19")));
    assertFalse(images.has(ImageReference.parse("alpine:latest")));
    assertEquals(
        List.of(new ImageStore.IndexEntry(ImageReference.parse("alpine:3.19"), a.digest())),
        images.references());
  }

  @Test
  void load_configChangedInPlace_isReadButLoadVerifiedRefusesIt() throws Exception {
    Descriptor a = image("a");
    Digest config = configOf(a);
    String json = Files.readString(store.blobPath(config));
    Files.writeString(store.blobPath(config), json.replace("/bin/sh", "/bin/ls"));
    ImageReference reference = ImageReference.parse("alpine:latest");

    Image unchecked = images.load(reference, a.digest());
    DamagedImageException e =
        assertThrows(DamagedImageException.class, () -> images.loadVerified(reference, a.digest()));

    assertEquals(List.of("/bin/ls"), unchecked.config().config().cmd());
    assertEquals(config, e.blob());
    assertTrue(e.getMessage().contains("not the content its digest names"), e.getMessage());
  }

  @Test
  void loadVerified_wholeImage_loads() throws Exception {
    Descriptor a = image("a", List.of(Digest.of(new byte[] {1})));

    Image image = images.loadVerified(ImageReference.parse("alpine:latest"), a.digest());

    assertEquals(1, image.diffIds().size());
  }

  @Test
  void find_damagedImageOfAnotherRepository_pointsAtNoSetup() throws Exception {
    Descriptor a = image("a");
    images.tag(ImageReference.parse("quay.io/x/y:1"), a);
    Files.writeString(store.blobPath(a.digest()), "");

    IOException e =
        assertThrows(IOException.class, () -> images.find(ImageReference.parse("quay.io/x/y:1")));

    assertTrue(e.getMessage().startsWith("image quay.io/x/y:1 is damaged"), e.getMessage());
    assertFalse(e.getMessage().contains("plx setup --version"), e.getMessage());
  }
}
