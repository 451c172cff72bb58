package dev.pocketlinx.alpine;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Descriptor;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.ImageConfig;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.image.Manifest;
import dev.pocketlinx.image.MediaTypes;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.DiskFull;
import dev.pocketlinx.store.Durable;
import dev.pocketlinx.store.FileTrees;
import dev.pocketlinx.store.InvalidTarException;
import dev.pocketlinx.store.LayerUnpacker;
import dev.pocketlinx.store.Rollback;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a verified minirootfs tarball into a one-layer OCI image in the store: unpacks it once,
 * checks it is an Alpine root filesystem for this host, then moves the blob and the layer into
 * place and writes the image config and manifest. The caller holds the images lock; everything
 * written is recorded in the caller's {@link Rollback}.
 */
final class MinirootfsInstaller {

  static final List<String> DEFAULT_ENV =
      List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  static final List<String> DEFAULT_CMD = List.of("/bin/sh");

  /**
   * An image made from a tarball: its manifest, ready to tag, and what its rootfs holds. {@code
   * repaired} says what of an earlier install of it was damaged and has been replaced.
   */
  record Installed(
      Descriptor manifest, Digest imageId, String alpineRelease, List<String> repaired) {

    Installed {
      repaired = List.copyOf(repaired);
    }
  }

  private final Store store;
  private final Architecture host;

  MinirootfsInstaller(Store store, Architecture host) {
    this.store = store;
    this.host = host;
  }

  /**
   * Installs {@code tarball}, whose sha256 the caller verified as {@code digest}. A tarball in tmp/
   * ({@code tarballIsTemp}) is moved into the blobs.
   */
  Installed install(
      Path tarball,
      Digest digest,
      boolean tarballIsTemp,
      boolean force,
      String source,
      Rollback rollback)
      throws PlxException, IOException {
    // Unpack into tmp/ first: nothing is visible in layers/ until it is whole and checked.
    Path dir = rollback.create(() -> store.createTempDir("layer-"));
    LayerUnpacker.Result layer;
    long started = System.nanoTime();
    try (InputStream in = Files.newInputStream(tarball)) {
      layer = LayerUnpacker.forCurrentUser().unpack(in, dir, rollback);
    } catch (InvalidTarException e) {
      throw new PlxException(
          source
              + " is not a valid tar archive: "
              + e.getMessage()
              + "; pass an Alpine minirootfs tarball",
          e);
    } catch (IOException e) {
      if (DiskFull.causedBy(e)) {
        throw DiskFull.error(store.root(), "unpacking " + source, e);
      }
      throw new PlxException(
          "cannot unpack " + source + ": " + e.getMessage() + "; pass an Alpine minirootfs tarball",
          e);
    }
    Log.debug(
        "unpacked %s in %d ms: diff ID %s",
        source, (System.nanoTime() - started) / 1_000_000, layer.diffId());
    if (!layer.digest().equals(digest)) {
      throw new PlxException(
          source
              + " changed while it was being unpacked (expected "
              + digest
              + ", read "
              + layer.digest()
              + "); run plx setup again");
    }

    RootfsInspection rootfs = RootfsInspection.of(dir);
    if (!rootfs.isRootfs()) {
      throw new PlxException(
          source
              + " is not a root filesystem (it has no bin/sh or"
              + " bin/busybox, or no etc/); pass an Alpine minirootfs tarball");
    }
    if (rootfs.alpineRelease().isEmpty()) {
      throw new PlxException(
          source
              + " has no etc/alpine-release, so it is no Alpine root"
              + " filesystem; pass an Alpine minirootfs tarball");
    }
    Architecture arch = checkArchitecture(rootfs, force, source);

    // Into place: the blob under its digest, the layer under its diff ID (never rewritten).
    if (tarballIsTemp) {
      rollback.step(
          () -> {
            boolean blobExisted = store.hasBlob(digest);
            store.moveIntoBlobs(tarball, digest);
            rollback.forget(tarball);
            if (!blobExisted) {
              rollback.add(store.blobPath(digest));
            }
          });
    }
    List<String> repaired = new ArrayList<>();
    Path layerPath = store.layerPath(layer.diffId());
    String layerDamage = InstalledImages.layerDamage(layerPath);
    if (layerDamage != null) {
      // On the disk before it is in layers/: an image in the index never has a half-written layer.
      Durable.syncFileSystem(dir);
    }
    rollback.step(
        () -> {
          if (layerDamage == null) {
            // Whole already, maybe under a running container: kept, never rewritten.
            FileTrees.deleteRecursively(dir);
          } else {
            Path broken = null;
            if (Files.exists(layerPath, LinkOption.NOFOLLOW_LINKS)) {
              // A broken layer leaves layers/ in one rename, for the new one to take its place.
              broken = store.tmpDir().resolve("broken-layer-" + layer.diffId().hex());
              Files.move(layerPath, broken, StandardCopyOption.ATOMIC_MOVE);
              rollback.add(broken);
              repaired.add(layerDamage);
            }
            Files.createDirectories(store.layersDir());
            Files.move(dir, layerPath, StandardCopyOption.ATOMIC_MOVE);
            rollback.add(layerPath);
            // The rename itself on the disk too, before the index names the layer.
            Durable.forceDirectory(store.layersDir());
            if (broken != null) {
              // Garbage whatever happens next; if this stops midway, the rollback (or the next
              // setup's clean-up of tmp/) removes the rest.
              FileTrees.deleteRecursively(broken);
              rollback.forget(broken);
            }
          }
          rollback.forget(dir);
        });

    ImageConfig config =
        new ImageConfig(
            created(rootfs),
            arch.ociName(),
            "linux",
            new ImageConfig.Config(null, DEFAULT_ENV, null, DEFAULT_CMD, null),
            List.of(layer.diffId()));
    Descriptor configDescriptor =
        writeBlob("config", MediaTypes.CONFIG, config, repaired, rollback);
    String layerType = layer.gzip() ? MediaTypes.LAYER_TAR_GZIP : MediaTypes.LAYER_TAR;
    Manifest manifest =
        new Manifest(configDescriptor, List.of(new Descriptor(layerType, digest, layer.size())));
    Descriptor manifestDescriptor =
        writeBlob("manifest", MediaTypes.MANIFEST, manifest, repaired, rollback);
    return new Installed(
        manifestDescriptor, configDescriptor.digest(), rootfs.alpineRelease().get(), repaired);
  }

  /**
   * Points every tag at the manifest. Once the first tag is written the image is referenced, so
   * from then on a failure must not remove its blobs.
   */
  void tag(List<ImageReference> tags, Descriptor manifest, Rollback rollback) throws IOException {
    ImageStore images = new ImageStore(store);
    for (ImageReference tag : tags) {
      if (rollback != null) {
        rollback.commit(() -> images.tag(tag, manifest));
      } else {
        images.tag(tag, manifest);
      }
      Log.debug("tagged %s -> %s", tag, manifest.digest());
    }
  }

  /**
   * The image config's {@code created}: when the tarball's {@code etc/alpine-release} was written,
   * the one time every way of getting the tarball agrees on (a mirror's release date is not in the
   * tarball, so {@code --from} could not know it). The same tarball so always yields the same
   * config, hence the same image id. Whole seconds, as a ustar header holds them, so a fraction
   * that one file system keeps and another drops cannot change the id.
   */
  private static String created(RootfsInspection rootfs) {
    return rootfs
        .releaseFileTime()
        .map(time -> time.truncatedTo(ChronoUnit.SECONDS).toString())
        .orElse(null);
  }

  private Architecture checkArchitecture(RootfsInspection rootfs, boolean force, String source)
      throws PlxException {
    if (rootfs.architecture().isEmpty()) {
      if (!force) {
        throw new PlxException(
            "cannot tell the architecture of "
                + source
                + " (bin/busybox"
                + " is no ELF binary plx knows); pass --force to import it as "
                + host.alpineName());
      }
      return host;
    }
    Architecture arch = rootfs.architecture().get();
    if (arch != host && !force) {
      throw new PlxException(
          source
              + " holds an "
              + arch.alpineName()
              + " root filesystem but"
              + " this host is "
              + host.alpineName()
              + ", so it would not run here; pass --force to"
              + " import it anyway");
    }
    return arch;
  }

  /**
   * Writes the config or manifest blob of the image. A blob of that digest already in the store is
   * kept when it holds these very bytes; otherwise it is damaged (changed in place, cut short) and
   * is replaced through tmp/ and a rename. The replacement is not rolled back: it is the content
   * the digest names, right whatever else fails.
   */
  private Descriptor writeBlob(
      String kind, String mediaType, Object document, List<String> repaired, Rollback rollback)
      throws IOException {
    byte[] bytes = Json.write(document).getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.of(bytes);
    Path target = store.blobPath(digest);
    rollback.step(
        () -> {
          if (!store.hasBlob(digest)) {
            store.writeBlob(bytes);
            rollback.add(target);
          } else if (!Arrays.equals(Files.readAllBytes(target), bytes)) {
            Store.writeAtomically(target, bytes, store.tmpDir());
            repaired.add(
                "its " + kind + " blob " + digest + " was not the content its digest names");
          }
        });
    return new Descriptor(mediaType, digest, bytes.length);
  }
}
