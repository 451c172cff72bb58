package dev.pocketlinx.store;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The on-disk store under {@code PLX_ROOT}. The root is an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/}) with plx's own directories beside it:
 *
 * <pre>
 *   layers/sha256/&lt;hex&gt;/    each layer unpacked once, by diff ID; never written again
 *   containers/&lt;id&gt;/         one directory per container: bundle, upper/, work/, rootfs/
 *   runtime/                 the OCI runtime's state (runc --root)
 *   tmp/                     downloads and unpacks in progress; renamed into place when whole
 * </pre>
 *
 * Every file is written to a temporary name and renamed, so a reader never sees half of one.
 */
public final class Store {

  public static final String ROOT_ENV = "PLX_ROOT";
  public static final Path DEFAULT_ROOT = Path.of("/var/lib/pocketlinx");

  private final Path root;

  private Store(Path root) {
    this.root = root;
  }

  /** The store root from {@code --root}, else {@code PLX_ROOT}, else the default. */
  public static Path resolveRoot(Path option) throws PlxException {
    if (option != null && option.toString().isEmpty()) {
      throw new PlxException(
          "--root is empty; give the store's directory, or leave --root out "
              + "to use $"
              + ROOT_ENV
              + " or "
              + DEFAULT_ROOT);
    }
    if (option != null) {
      return option.toAbsolutePath().normalize();
    }
    String env = System.getenv(ROOT_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    return DEFAULT_ROOT;
  }

  /**
   * Directories only root may enter: layers keep their images' setuid files and world-writable
   * directories, and containers hold what their processes wrote, so a host user must reach neither
   * (as with Docker's own store).
   */
  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  /** Opens the store, creating its directories on first use and closing them to other users. */
  public static Store open(Path root) throws PlxException {
    Store store = new Store(root);
    try {
      // oci-layout is written last: while it is missing, the store is not whole yet (a first
      // command was stopped midway) and this is done again.
      Path layout = root.resolve("oci-layout");
      if (!isPrivateDirectory(store.containersDir())
          || !Files.exists(layout)
          || openToOthers(store.imagesLockFile())
          || openToOthers(store.containersLockFile())) {
        if (!Files.exists(root)) {
          // A store plx makes is root's alone, as Docker's is: made with that mode, never open.
          if (root.getParent() != null) {
            Files.createDirectories(root.getParent());
          }
          try {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PRIVATE));
          } catch (FileAlreadyExistsException e) {
            // Another plx made it a moment ago.
          }
        }
        Files.createDirectories(store.blobsDir());
        Files.createDirectories(store.layersDir());
        Files.createDirectories(store.containersDir());
        Files.createDirectories(store.runtimeRoot());
        Files.createDirectories(store.tmpDir());
        for (Path dir :
            List.of(
                root.resolve("layers"),
                store.containersDir(),
                store.runtimeRoot(),
                store.tmpDir())) {
          Files.setPosixFilePermissions(dir, PRIVATE);
        }
        // A lock file another user could open could be locked by them, and stall every setup.
        for (Path lock : List.of(store.imagesLockFile(), store.containersLockFile())) {
          if (Files.exists(lock)) {
            Files.setPosixFilePermissions(lock, StoreLock.PERMISSIONS);
          }
        }
        // The root is a complete OCI image layout from the start, with an empty index. Written
        // through tmp/, so that a stopped first command leaves nothing in the root but whole files.
        if (!Files.exists(store.indexFile())) {
          writeFirstFile(
              store,
              store.indexFile(),
              "{\"schemaVersion\":2,\"mediaType\":"
                  + "\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}");
        }
        writeFirstFile(store, layout, "{\"imageLayoutVersion\":\"1.0.0\"}");
      }
    } catch (AccessDeniedException e) {
      throw new PlxException(
          "cannot create the store at "
              + root
              + ": permission denied; run as root or set "
              + ROOT_ENV
              + " to a writable directory");
    } catch (IOException e) {
      throw new PlxException("cannot create the store at " + root + ": " + e.getMessage(), e);
    }
    return store;
  }

  /**
   * Writes a file of a new store through tmp/. Two first commands may make the store at once, and
   * the other one's clean-up of tmp/ may take the temporary file away: then the other one wrote the
   * same file, and that is as good.
   */
  private static void writeFirstFile(Store store, Path target, String content) throws IOException {
    try {
      writeAtomically(target, content.getBytes(StandardCharsets.UTF_8), store.tmpDir());
    } catch (NoSuchFileException e) {
      if (!Files.exists(target)) {
        throw e;
      }
    }
  }

  private static boolean openToOthers(Path lockFile) {
    try {
      return !Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS)
          .equals(StoreLock.PERMISSIONS);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isPrivateDirectory(Path dir) {
    try {
      return Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE);
    } catch (IOException e) {
      return false;
    }
  }

  public Path root() {
    return root;
  }

  public Path blobsDir() {
    return root.resolve("blobs").resolve("sha256");
  }

  public Path blobPath(Digest digest) {
    return blobsDir().resolve(digest.hex());
  }

  public Path layersDir() {
    return root.resolve("layers").resolve("sha256");
  }

  /** Where the layer with this diff ID is unpacked; no ':' in it (overlayfs splits on it). */
  public Path layerPath(Digest diffId) {
    return layersDir().resolve(diffId.hex());
  }

  public Path containersDir() {
    return root.resolve("containers");
  }

  public Path runtimeRoot() {
    return root.resolve("runtime");
  }

  public Path tmpDir() {
    return root.resolve("tmp");
  }

  public Path indexFile() {
    return root.resolve("index.json");
  }

  /** Held exclusively by whoever changes images: blobs, layers, the index, tmp/. */
  public StoreLock lockImages() throws IOException {
    return StoreLock.acquire(imagesLockFile(), true);
  }

  public Path imagesLockFile() {
    return root.resolve("images.lock");
  }

  /** Shared while a container directory is being made, exclusive while leftovers are removed. */
  public Path containersLockFile() {
    return root.resolve("containers.lock");
  }

  public boolean hasBlob(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  public byte[] readBlob(Digest digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  /** Stores a small blob (a config or manifest) under its digest; a no-op if present. */
  public Digest writeBlob(byte[] content) throws IOException {
    Digest digest = Digest.of(content);
    Path target = blobPath(digest);
    if (!Files.exists(target)) {
      writeAtomically(target, content, tmpDir());
    }
    return digest;
  }

  /** Moves a verified temporary file into the blobs under its digest. */
  public void moveIntoBlobs(Path verifiedTemp, Digest digest) throws IOException {
    Durable.force(verifiedTemp);
    Files.move(
        verifiedTemp,
        blobPath(digest),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Durable.forceDirectory(blobsDir());
  }

  /** A new empty temporary file in {@code tmp/}, on the store's file system. */
  public Path createTempFile(String prefix) throws IOException {
    return Files.createTempFile(tmpDir(), prefix, ".part");
  }

  /** A new empty temporary directory in {@code tmp/}, on the store's file system. */
  public Path createTempDir(String prefix) throws IOException {
    return Files.createTempDirectory(tmpDir(), prefix);
  }

  /**
   * Removes what an interrupted download or unpack left in {@code tmp/}. The caller holds the
   * images lock, so nothing in there is still being written.
   */
  public void cleanTemp() throws IOException {
    try (Stream<Path> entries = Files.list(tmpDir())) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        FileTrees.deleteRecursively(entry);
      }
    }
  }

  /** Writes a file through a temporary file in the same directory and a rename. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    write(target, content, target.getParent(), false);
  }

  /**
   * Writes a file through a temporary file in {@code tempDir} (on the same file system) and a
   * rename. Files of the image layout are written through {@code tmp/}, so that a writer killed
   * between the two steps leaves its temporary file where the next command removes it, not among
   * the blobs. The file and the rename are synced to the disk (see {@link Durable}); the
   * two-argument form, for a container's own files, does not sync.
   */
  public static void writeAtomically(Path target, byte[] content, Path tempDir) throws IOException {
    write(target, content, tempDir, true);
  }

  private static void write(Path target, byte[] content, Path tempDir, boolean durable)
      throws IOException {
    // A name no other writer uses: CREATE_NEW fails rather than share a temporary file, and
    // the name is then drawn again. (Neither ProcessHandle nor SecureRandom: each costs a run
    // milliseconds of start-up.)
    Path temp = null;
    for (int attempt = 0; temp == null; attempt++) {
      Path candidate =
          tempDir.resolve(
              "."
                  + target.getFileName()
                  + ".tmp-"
                  + Long.toHexString(System.nanoTime() ^ Thread.currentThread().getId() << 48));
      try {
        Files.write(candidate, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        temp = candidate;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw new IOException("cannot find a free temporary name beside " + target, e);
        }
      }
    }
    try {
      if (durable) {
        Durable.force(temp);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (durable) {
        Durable.forceDirectory(target.getParent());
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
