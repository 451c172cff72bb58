package dev.pocketlinx.image;

import dev.pocketlinx.Ascii;
import dev.pocketlinx.PlxException;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.Store;
import dev.pocketlinx.store.StoreLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image references of a store, kept in the OCI layout's {@code index.json}: one manifest
 * descriptor per reference, named by the {@code org.opencontainers.image.ref.name} annotation (the
 * canonical reference, {@code docker.io/library/alpine:3.20}).
 */
public final class ImageStore {

  private final Store store;

  public ImageStore(Store store) {
    this.store = store;
  }

  /**
   * The image a reference names, if the store has it. A reference with a digest names the manifest
   * with that digest in the same repository, whatever it is tagged; with a tag as well ({@code
   * alpine:3.20@sha256:...}), the digest decides, as in Docker.
   */
  public Optional<Image> find(ImageReference reference) throws IOException {
    return findFirst(List.of(reference));
  }

  /**
   * The image of the first candidate the store has, reading the index once; the image carries the
   * candidate it was found by.
   */
  public Optional<Image> findFirst(List<ImageReference> candidates) throws IOException {
    List<Descriptor> index = readIndex();
    for (ImageReference reference : candidates) {
      String name = reference.canonical();
      for (Descriptor descriptor : index) {
        String stored = descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION);
        if (stored == null) {
          continue;
        }
        boolean matches =
            reference.digest() == null
                ? name.equals(stored)
                : reference.digest().equals(descriptor.digest())
                    && sameRepository(reference, stored);
        if (matches) {
          return Optional.of(load(reference, descriptor.digest()));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameRepository(ImageReference reference, String stored) {
    try {
      ImageReference other = ImageReference.parse(stored);
      return other.registry().equals(reference.registry())
          && other.repository().equals(reference.repository());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A reference in the index and the manifest it names, as read without opening a blob. */
  public record IndexEntry(ImageReference reference, Digest manifestDigest) {}

  /**
   * The images of the index in the order they were tagged, and apart from them the references whose
   * image cannot be read: one damaged image leaves the others usable.
   */
  public record Listing(List<Image> images, List<DamagedImageException> damaged) {

    public Listing {
      images = List.copyOf(images);
      damaged = List.copyOf(damaged);
    }
  }

  /** Every reference with its image, in the order they were tagged; damaged ones apart. */
  public Listing list() throws IOException {
    List<Image> images = new ArrayList<>();
    List<DamagedImageException> damaged = new ArrayList<>();
    for (IndexEntry entry : references()) {
      try {
        images.add(load(entry.reference(), entry.manifestDigest()));
      } catch (DamagedImageException e) {
        damaged.add(e);
      }
    }
    return new Listing(images, damaged);
  }

  /** Every reference and the manifest it names, in the order they were tagged; reads no blob. */
  public List<IndexEntry> references() throws IOException {
    List<IndexEntry> entries = new ArrayList<>();
    for (Descriptor descriptor : readIndex()) {
      String name = descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION);
      if (name != null) {
        entries.add(new IndexEntry(ImageReference.parse(name), descriptor.digest()));
      }
    }
    return entries;
  }

  /** Whether the index has this reference, whatever state its image is in; reads no blob. */
  public boolean has(ImageReference reference) throws IOException {
    String name = reference.canonical();
    for (Descriptor descriptor : readIndex()) {
      if (name.equals(descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Loads a manifest and its config from the blobs. A blob that is missing, unreadable or not of
   * the image-spec's shape fails with {@link DamagedImageException}; the blobs are not checked
   * against their digests, which would cost {@code plx run} the start-up of SHA-256.
   */
  public Image load(ImageReference reference, Digest manifestDigest) throws DamagedImageException {
    return load(reference, manifestDigest, false);
  }

  /**
   * As {@link #load}, and each blob must also be the content its digest names, so that a blob
   * changed in place is found: what {@code plx setup} asks before it calls an image installed.
   */
  public Image loadVerified(ImageReference reference, Digest manifestDigest)
      throws DamagedImageException {
    return load(reference, manifestDigest, true);
  }

  /**
   * Reads only the manifest, not checked against its digest: what an image whose config is damaged
   * still says about its layers.
   */
  public Manifest loadManifest(ImageReference reference, Digest manifestDigest)
      throws DamagedImageException {
    return loadManifest(reference, manifestDigest, false);
  }

  private Manifest loadManifest(ImageReference reference, Digest manifestDigest, boolean verify)
      throws DamagedImageException {
    byte[] bytes = readBlob(reference, "manifest", manifestDigest);
    Map<String, Object> json = parseJson(reference, "manifest", manifestDigest, bytes);
    Manifest manifest;
    try {
      manifest = Manifest.fromJson(json);
    } catch (RuntimeException e) {
      throw new DamagedImageException(
          reference,
          "manifest",
          manifestDigest,
          "is not an image manifest (" + e.getMessage() + ")",
          e);
    }
    if (verify) {
      checkDigest(reference, "manifest", manifestDigest, bytes);
    }
    return manifest;
  }

  private Image load(ImageReference reference, Digest manifestDigest, boolean verify)
      throws DamagedImageException {
    Manifest manifest = loadManifest(reference, manifestDigest, verify);
    Digest configDigest = manifest.config().digest();
    byte[] bytes = readBlob(reference, "config", configDigest);
    Map<String, Object> json = parseJson(reference, "config", configDigest, bytes);
    ImageConfig config;
    try {
      config = ImageConfig.fromJson(json);
    } catch (RuntimeException e) {
      throw new DamagedImageException(
          reference, "config", configDigest, "is not an image config (" + e.getMessage() + ")", e);
    }
    if (verify) {
      checkDigest(reference, "config", configDigest, bytes);
    }

    // One diff ID per layer: a run mounts the layers the config names.
    if (manifest.layers().size() != config.diffIds().size()) {
      throw new DamagedImageException(
          reference,
          "manifest",
          manifestDigest,
          "lists "
              + manifest.layers().size()
              + " layers but its config "
              + configDigest
              + " lists "
              + config.diffIds().size()
              + " diff IDs",
          null);
    }
    return new Image(reference, manifestDigest, manifest, config);
  }

  private byte[] readBlob(ImageReference reference, String kind, Digest digest)
      throws DamagedImageException {
    try {
      return store.readBlob(digest);
    } catch (NoSuchFileException e) {
      throw new DamagedImageException(reference, kind, digest, "is missing", e);
    } catch (IOException e) {
      throw new DamagedImageException(
          reference, kind, digest, "cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, Object> parseJson(
      ImageReference reference, String kind, Digest digest, byte[] bytes)
      throws DamagedImageException {
    try {
      return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new DamagedImageException(
          reference, kind, digest, "is not valid JSON (" + e.getMessage() + ")", e);
    }
  }

  /** Last, so that a blob that is not even JSON is reported as such. */
  private static void checkDigest(
      ImageReference reference, String kind, Digest digest, byte[] bytes)
      throws DamagedImageException {
    if (!Digest.of(bytes).equals(digest)) {
      throw new DamagedImageException(
          reference, kind, digest, "is not the content its digest names", null);
    }
  }

  /**
   * Points a reference at a manifest already in the blobs, replacing what it named before. The
   * caller holds the images lock ({@link Store#lockImages()}).
   */
  public void tag(ImageReference reference, Descriptor manifest) throws IOException {
    String name = reference.canonical();
    Descriptor tagged = manifest.withAnnotation(MediaTypes.REF_NAME_ANNOTATION, name);
    List<Descriptor> entries = new ArrayList<>();
    boolean replaced = false;
    for (Descriptor descriptor : readIndexForRepair()) {
      if (name.equals(descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION))) {
        // Re-tagging keeps the reference where it was, so the index does not reshuffle.
        if (!replaced) {
          entries.add(tagged);
          replaced = true;
        }
      } else {
        entries.add(descriptor);
      }
    }
    if (!replaced) {
      entries.add(tagged);
    }
    Map<String, Object> index =
        Json.object("schemaVersion", 2, "mediaType", MediaTypes.INDEX, "manifests", entries);
    Store.writeAtomically(
        store.indexFile(), Json.write(index).getBytes(StandardCharsets.UTF_8), store.tmpDir());
  }

  /** Convenience for callers that tag while not already holding the lock. */
  public void tagLocked(ImageReference reference, Descriptor manifest) throws IOException {
    StoreLock lock = store.lockImages();
    try {
      tag(reference, manifest);
    } finally {
      lock.close();
    }
  }

  private List<Descriptor> readIndex() throws IOException {
    String text;
    try {
      text = Files.readString(store.indexFile());
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CorruptIndexException(
          store.indexFile(), new IllegalArgumentException("not UTF-8 text", e));
    }
    try {
      List<Descriptor> descriptors = new ArrayList<>();
      for (Map<String, Object> entry : Json.objects(Json.parseObject(text), "manifests")) {
        Descriptor descriptor = Descriptor.fromJson(entry);
        // A name that is no image reference makes the index corrupt, as a bad digest does:
        // every command then says so in one line, and the next setup sets the index aside.
        String name = descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION);
        if (name != null) {
          try {
            ImageReference.parse(name);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "an entry is named " + Ascii.quoted(name) + ", which is no image reference", e);
          }
        }
        descriptors.add(descriptor);
      }
      return descriptors;
    } catch (RuntimeException e) {
      throw new CorruptIndexException(store.indexFile(), e);
    }
  }

  /**
   * The index as {@link #tag} starts from: a corrupt one is kept aside, under a name that says so,
   * and a new index is begun, so that {@code plx setup} repairs the store.
   */
  private List<Descriptor> readIndexForRepair() throws IOException {
    try {
      return readIndex();
    } catch (CorruptIndexException e) {
      Path aside =
          store.indexFile().resolveSibling("index.json.corrupt-" + System.currentTimeMillis());
      Files.move(store.indexFile(), aside);
      Log.warn(
          "the image index was corrupt (%s); kept it as %s and started a new one",
          e.getCause().getMessage(), aside.getFileName());
      return List.of();
    }
  }

  /** A failure to read the index or an image as the one line a user sees. */
  public static PlxException failure(IOException e) {
    if (e instanceof CorruptIndexException || e instanceof DamagedImageException) {
      return new PlxException(e.getMessage(), e);
    }
    return new PlxException(
        "cannot read the image index: "
            + e.getMessage()
            + "; check the store's permissions, or run 'plx setup' to rebuild it",
        e);
  }

  /**
   * Starts a new index when the current one is corrupt, keeping the old one aside. Called by {@code
   * plx setup} while it holds the images lock.
   */
  public void repairIfCorrupt() throws IOException {
    readIndexForRepair();
  }

  /** index.json is not the JSON an OCI image index must be. */
  public static final class CorruptIndexException extends IOException {
    CorruptIndexException(Path file, RuntimeException cause) {
      super(
          "the image index "
              + file
              + " is corrupt ("
              + cause.getMessage()
              + "); run 'plx setup' to start a new one",
          cause);
    }
  }
}
