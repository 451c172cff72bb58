package dev.pocketlinx.image;

import dev.pocketlinx.json.Json;
import dev.pocketlinx.store.Store;
import dev.pocketlinx.store.StoreLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image references of a store, kept in the OCI layout's {@code index.json}: one manifest
 * descriptor per reference, named by the {@code org.opencontainers.image.ref.name} annotation
 * (the canonical reference, {@code docker.io/library/alpine:3.20}).
 */
public final class ImageStore {

  private final Store store;

  public ImageStore(Store store) {
    this.store = store;
  }

  /** The image a reference names, if the store has it. */
  public Optional<Image> find(ImageReference reference) throws IOException {
    String name = reference.canonical();
    for (Descriptor descriptor : readIndex()) {
      if (name.equals(descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION))) {
        return Optional.of(load(reference, descriptor.digest()));
      }
    }
    return Optional.empty();
  }

  /** Every reference with its image, in the order they were tagged. */
  public List<Image> list() throws IOException {
    List<Image> images = new ArrayList<>();
    for (Descriptor descriptor : readIndex()) {
      String name = descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION);
      if (name != null) {
        images.add(load(ImageReference.parse(name), descriptor.digest()));
      }
    }
    return images;
  }

  /** Loads a manifest and its config from the blobs. */
  public Image load(ImageReference reference, Digest manifestDigest) throws IOException {
    Manifest manifest = Manifest.fromJson(
        Json.parseObject(new String(store.readBlob(manifestDigest), StandardCharsets.UTF_8)));
    ImageConfig config = ImageConfig.fromJson(Json.parseObject(
        new String(store.readBlob(manifest.config().digest()), StandardCharsets.UTF_8)));
    return new Image(reference, manifestDigest, manifest, config);
  }

  /**
   * Points a reference at a manifest already in the blobs, replacing what it named before. The
   * caller holds the images lock ({@link Store#lockImages()}).
   */
  public void tag(ImageReference reference, Descriptor manifest) throws IOException {
    String name = reference.canonical();
    List<Descriptor> entries = new ArrayList<>();
    for (Descriptor descriptor : readIndex()) {
      if (!name.equals(descriptor.annotations().get(MediaTypes.REF_NAME_ANNOTATION))) {
        entries.add(descriptor);
      }
    }
    entries.add(manifest.withAnnotation(MediaTypes.REF_NAME_ANNOTATION, name));
    Map<String, Object> index = Json.object(
        "schemaVersion", 2,
        "mediaType", MediaTypes.INDEX,
        "manifests", entries);
    Store.writeAtomically(store.indexFile(), Json.write(index).getBytes(StandardCharsets.UTF_8));
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
    }
    List<Descriptor> descriptors = new ArrayList<>();
    for (Map<String, Object> entry : Json.objects(Json.parseObject(text), "manifests")) {
      descriptors.add(Descriptor.fromJson(entry));
    }
    return descriptors;
  }
}
