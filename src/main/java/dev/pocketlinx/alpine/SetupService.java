package dev.pocketlinx.alpine;

import static dev.pocketlinx.alpine.InstalledImages.addIfAbsent;
import static dev.pocketlinx.alpine.InstalledImages.alpine;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.store.DiskFull;
import dev.pocketlinx.store.Rollback;
import dev.pocketlinx.store.Store;
import dev.pocketlinx.store.StoreLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code plx setup}: finds the Alpine minirootfs on a mirror (or takes the one given with {@code
 * --from}), verifies it, and registers it as the images {@code alpine:<version>}, {@code
 * alpine:<branch>} and {@code alpine:latest} when it is the mirror's newest stable release or the
 * store has no {@code alpine:latest} yet.
 *
 * <p>The whole run holds the images lock. A run that fails, or is stopped by a signal, removes what
 * it wrote; a run that finds the image already installed downloads and unpacks nothing.
 */
public final class SetupService {

  private static final int MAX_CHECKSUM_FILE_SIZE = 64 * 1024;

  /**
   * The most a tarball may be when no release index gives its size (--from): a minirootfs is a few
   * megabytes, and no root file system tarball plx should import comes near a gigabyte.
   */
  static final long MAX_TARBALL_BYTES = 1L << 30;

  private final Store store;
  private final Fetcher fetcher;
  private final MirrorReader mirrors;
  private final Architecture host;
  private final MinirootfsInstaller installer;
  private final InstalledImages images;

  public SetupService(Store store) {
    this(store, new Fetcher(), Architecture.host());
  }

  SetupService(Store store, Fetcher fetcher, Architecture host) {
    this.store = store;
    this.fetcher = fetcher;
    this.mirrors = new MirrorReader(store, fetcher);
    this.host = host;
    this.installer = new MinirootfsInstaller(store, host);
    this.images = new InstalledImages(store);
  }

  /**
   * Refuses to go on unless this process runs as root; called before the store is opened. An image
   * unpacked by another user would have every file owned by that user, so in a container even
   * {@code nobody} could rewrite {@code /etc/passwd}. Keeping the tarball's owners without root
   * needs a user namespace id mapping, which plx does not set up yet.
   */
  public static void requireRoot() throws PlxException {
    requireRoot(HostInfo.effectiveUid());
  }

  static void requireRoot(int effectiveUid) throws PlxException {
    if (effectiveUid != 0) {
      throw new PlxException(
          "plx setup needs root for now (rootless images are not supported"
              + " yet); run it as root, for example with sudo");
    }
  }

  /** Runs one setup; every failure is a one-line {@link PlxException}. */
  public SetupResult setup(SetupRequest request) throws PlxException {
    if (request.from() != null
        && (request.version() != null || request.mirror() != null || request.arch() != null)) {
      throw new PlxException(
          "--from cannot be combined with --version, --arch or --mirror:"
              + " the tarball decides its version and architecture");
    }
    StoreLock lock;
    try {
      lock = lockImages();
    } catch (IOException e) {
      throw new PlxException(
          "cannot lock the image store at " + store.root() + ": " + e.getMessage(), e);
    }
    try (lock) {
      // Whatever is in tmp/ was left by a setup that died: the lock says none is running.
      store.cleanTemp();
      new ImageStore(store).repairIfCorrupt();
      return request.from() != null
          ? importTarball(request.from(), request.force())
          : fetchFromMirror(request);
    } catch (IOException e) {
      if (DiskFull.causedBy(e)) {
        throw DiskFull.error(store.root(), "the image", e);
      }
      throw new PlxException(
          "setup failed in the store at " + store.root() + ": " + Fetcher.describe(e), e);
    }
  }

  /** The images lock; a setup that has to wait for another one says so first. */
  private StoreLock lockImages() throws IOException {
    StoreLock lock = StoreLock.tryAcquire(store.imagesLockFile(), true);
    if (lock != null) {
      return lock;
    }
    Log.warn(
        "another plx setup is changing the images in %s; waiting for it to finish", store.root());
    return store.lockImages();
  }

  private SetupResult fetchFromMirror(SetupRequest request) throws PlxException, IOException {
    Architecture arch = parseArchitecture(request.arch());
    if (arch != host && !request.force()) {
      throw new PlxException(
          "this host is "
              + host.alpineName()
              + ", so an "
              + arch.alpineName()
              + " image would not run here; pass --force to fetch it anyway");
    }
    AlpineVersion version = parseVersion(request.version());
    Mirror mirror = parseMirror(request.mirror());

    ReleaseEntry entry = mirrors.resolveEntry(mirror, version.branch(), arch);
    if (version.exactVersion() != null && !version.exactVersion().equals(entry.version())) {
      throw new PlxException(
          "the mirror's "
              + version.branch()
              + " branch offers Alpine "
              + entry.version()
              + ", not "
              + version.exactVersion()
              + "; use --version "
              + AlpineVersion.branchTag(version.branch())
              + " for it, or import that release's tarball with --from FILE");
    }
    Log.debug(
        "resolved %s %s on %s: %s %s",
        version.branch(), arch.alpineName(), mirror, entry.file(), entry.sha256());

    List<ImageReference> tags = new ArrayList<>();
    tags.add(alpine(entry.version()));
    addIfAbsent(tags, alpine(AlpineVersion.branchTag(entry.branch())));
    if (version.isLatestStable()
        || mirrors.isLatestStable(mirror, arch, entry)
        || images.latestIsAbsent()) {
      addIfAbsent(tags, alpine("latest"));
    }

    InstalledImages.Lookup installed = images.findInstalled(entry.sha256(), tags);
    if (installed.isWhole()) {
      installer.tag(tags, installed.manifest(), null);
      return new SetupResult(
          images.everyTag(tags, installed.manifest()),
          installed.image().id(),
          entry.sha256(),
          true,
          true);
    }
    warnIfDamaged(installed);

    URI uri = mirror.fileUri(entry, arch);
    try (Rollback rollback = Rollback.alsoOnShutdown()) {
      Path tarball = store.blobPath(entry.sha256());
      boolean download = !intactBlob(entry.sha256());
      if (download) {
        tarball = rollback.create(() -> store.createTempFile("minirootfs-"));
        long expected = entry.size() > 0 ? entry.size() : MAX_TARBALL_BYTES;
        Fetcher.Download result = mirrors.download(uri, tarball, entry.file(), true, expected);
        // Verified before a single byte is unpacked.
        if (!result.sha256().equals(entry.sha256())) {
          throw new PlxException(
              "checksum mismatch for "
                  + uri
                  + ": the release index lists "
                  + entry.sha256()
                  + " but the download is "
                  + result.sha256()
                  + "; nothing was installed; run plx setup again or use another --mirror");
        }
      } else {
        Log.debug("blob %s is already in the store; not downloading", entry.sha256());
      }
      MinirootfsInstaller.Installed image =
          installer.install(
              tarball, entry.sha256(), download, request.force(), uri.toString(), rollback);
      installer.tag(tags, image.manifest(), rollback);
      warnIfRepaired(installed, image, tags);
      return new SetupResult(
          images.everyTag(tags, image.manifest()), image.imageId(), entry.sha256(), false, true);
    }
  }

  /**
   * Whether the store holds this blob with the content its name promises. A damaged one (a disk
   * error, a file changed by hand) is removed, so that it is downloaded again instead of failing
   * every setup.
   */
  private boolean intactBlob(Digest digest) throws PlxException {
    if (!store.hasBlob(digest)) {
      return false;
    }
    try {
      if (Digest.of(store.blobPath(digest)).equals(digest)) {
        return true;
      }
      Log.warn("blob %s in the store is damaged; downloading it again", digest.shortHex());
      Files.delete(store.blobPath(digest));
      return false;
    } catch (IOException e) {
      throw new PlxException(
          "cannot read blob " + store.blobPath(digest) + ": " + e.getMessage(), e);
    }
  }

  private SetupResult importTarball(String from, boolean force) throws PlxException, IOException {
    if (from.isBlank()) {
      throw new PlxException("--from is empty; give a minirootfs tarball's path or URL");
    }
    URI uri;
    try {
      uri = Mirror.toUri(from);
    } catch (IllegalArgumentException e) {
      throw new PlxException("--from: " + e.getMessage());
    }
    String name = lastSegment(uri);
    if (name == null || ("file".equals(uri.getScheme()) && Files.isDirectory(Path.of(uri)))) {
      throw new PlxException(
          "--from needs a tarball, not the directory "
              + from
              + "; pass a directory to --mirror instead");
    }

    try (Rollback rollback = Rollback.alsoOnShutdown()) {
      // Copied into tmp/ while hashing: what is verified is exactly what gets unpacked.
      Path tarball = rollback.create(() -> store.createTempFile("import-"));
      Fetcher.Download result = mirrors.download(uri, tarball, name, false, MAX_TARBALL_BYTES);

      URI checksumUri = URI.create(uri + ".sha256");
      Optional<String> checksumFile;
      try {
        checksumFile = fetcher.fetchTextIfExists(checksumUri, MAX_CHECKSUM_FILE_SIZE);
      } catch (FetchException e) {
        throw new PlxException(
            "cannot read the checksum file "
                + checksumUri
                + ": "
                + e.getMessage()
                + "; remove it or fix it",
            e);
      }
      boolean verified = checksumFile.isPresent();
      if (verified) {
        Digest expected =
            ChecksumFile.find(checksumFile.get(), name)
                .orElseThrow(
                    () ->
                        new PlxException(
                            "the checksum file "
                                + checksumUri
                                + " lists no sha256 for "
                                + name
                                + "; fix it or remove it"));
        if (!expected.equals(result.sha256())) {
          throw new PlxException(
              "checksum mismatch for "
                  + from
                  + ": "
                  + checksumUri
                  + " says "
                  + expected
                  + " but the file is "
                  + result.sha256()
                  + "; nothing was installed; download the tarball again");
        }
      }

      // The tags follow from the tarball's release, so a damaged image is known here by its
      // layer; one whose manifest is unreadable is found, and replaced, by the install.
      InstalledImages.Lookup installed = images.findInstalled(result.sha256(), List.of());
      if (installed.isWhole()) {
        String release = images.releaseOfInstalled(installed.image());
        List<ImageReference> tags = images.importTags(release);
        installer.tag(tags, installed.manifest(), null);
        warnIfUnverified(verified, name, from, result.sha256());
        return new SetupResult(
            images.everyTag(tags, installed.manifest()),
            installed.image().id(),
            result.sha256(),
            true,
            verified);
      }
      warnIfDamaged(installed);

      MinirootfsInstaller.Installed image =
          installer.install(tarball, result.sha256(), true, force, from, rollback);
      List<ImageReference> tags = images.importTags(image.alpineRelease());
      installer.tag(tags, image.manifest(), rollback);
      warnIfRepaired(installed, image, tags);
      warnIfUnverified(verified, name, from, result.sha256());
      return new SetupResult(
          images.everyTag(tags, image.manifest()),
          image.imageId(),
          result.sha256(),
          false,
          verified);
    }
  }

  /** Says, before it is installed again, that the image this setup installs is damaged. */
  private static void warnIfDamaged(InstalledImages.Lookup installed) {
    if (installed.damage() != null) {
      Log.warn("%s; installing it again", installed.damage());
    }
  }

  /**
   * Says what the install replaced of a damaged earlier install, when that was not said before it
   * (a manifest that no longer says which tarball it was made of is found only by the install).
   */
  private static void warnIfRepaired(
      InstalledImages.Lookup installed,
      MinirootfsInstaller.Installed image,
      List<ImageReference> tags) {
    if (installed.damage() == null && !image.repaired().isEmpty()) {
      Log.warn(
          "image %s was damaged: %s; installed it again", tags.get(0), image.repaired().get(0));
    }
  }

  /** Said after a successful import only, so that a failure stays one line on stderr. */
  private static void warnIfUnverified(boolean verified, String name, String from, Digest sha) {
    if (!verified) {
      Log.warn(
          "no %s.sha256 next to %s, so it was imported unverified; compare its %s with"
              + " the one Alpine publishes",
          name, from, sha);
    }
  }

  private static Architecture parseArchitecture(String arch) throws PlxException {
    try {
      return arch == null ? Architecture.host() : Architecture.parse(arch);
    } catch (IllegalArgumentException e) {
      throw new PlxException(
          arch == null
              ? "this host's architecture "
                  + System.getProperty("os.arch")
                  + " has no Alpine"
                  + " release; pass --arch"
              : e.getMessage());
    }
  }

  private static AlpineVersion parseVersion(String version) throws PlxException {
    try {
      return AlpineVersion.parse(version);
    } catch (IllegalArgumentException e) {
      throw new PlxException(e.getMessage());
    }
  }

  private static Mirror parseMirror(String mirror) throws PlxException {
    try {
      return Mirror.select(mirror);
    } catch (IllegalArgumentException e) {
      throw new PlxException("invalid mirror: " + e.getMessage());
    }
  }

  private static String lastSegment(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? null : name;
  }
}
