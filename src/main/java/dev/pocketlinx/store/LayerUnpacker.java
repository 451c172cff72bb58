package dev.pocketlinx.store;

import dev.pocketlinx.Ascii;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.log.Log;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks one layer (a tar, gzip'd or not) into a new directory, computing its diff ID (sha256 of
 * the uncompressed tar) and its compressed digest on the way. Every entry is placed through {@link
 * RootfsPath}, so no name, symlink or hardlink in the layer can write outside the target.
 */
public final class LayerUnpacker {

  /** What an unpack found out about the layer it read. */
  public record Result(Digest diffId, Digest digest, long size, boolean gzip) {}

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final boolean applyOwnership;

  /**
   * @param applyOwnership set each entry's uid and gid (needs root)
   */
  public LayerUnpacker(boolean applyOwnership) {
    this.applyOwnership = applyOwnership;
  }

  /** An unpacker that sets ownership when this process runs as root. */
  public static LayerUnpacker forCurrentUser() {
    return new LayerUnpacker(runningAsRoot());
  }

  /**
   * Unpacks {@code layer} into {@code target}, an existing empty directory that nothing else writes
   * to meanwhile, and reads the stream to its end. Each entry is written as one step of {@code
   * rollback}: a rollback on shutdown then runs between two entries, never while one is being
   * written, and every later entry fails, so the target is removed whole.
   */
  public Result unpack(InputStream layer, Path target, Rollback rollback) throws IOException {
    DigestingInputStream compressed = new DigestingInputStream(layer);
    BufferedInputStream buffered = new BufferedInputStream(compressed, 64 * 1024);
    boolean gzip = isGzip(buffered);
    InputStream tar = gzip ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
    DigestingInputStream uncompressed = new DigestingInputStream(tar);

    RootfsPath rootfs = new RootfsPath(target.toRealPath());
    TarReader reader = new TarReader(uncompressed);
    List<Deferred> directories = new ArrayList<>();
    TarEntry entry;
    while ((entry = reader.next()) != null) {
      TarEntry current = entry;
      rollback.step(() -> unpackEntry(rootfs, current, reader.content(), directories));
    }

    // The digests cover the end-of-archive blocks and the gzip trailer too.
    uncompressed.drain();
    buffered.transferTo(OutputStream.nullOutputStream());

    // Deepest first: a directory's times change as entries are made inside it.
    for (int i = directories.size() - 1; i >= 0; i--) {
      Deferred dir = directories.get(i);
      rollback.step(() -> applyMetadata(dir.path(), dir.entry()));
    }
    return new Result(uncompressed.digest(), compressed.digest(), compressed.count(), gzip);
  }

  private void unpackEntry(
      RootfsPath rootfs, TarEntry entry, InputStream content, List<Deferred> directories)
      throws IOException {
    rejectWhiteout(entry.name());
    if (entry.isSpecial()) {
      Log.debug("layer: skipping device or fifo '%s'", entry.name());
      return;
    }
    Path path = rootfs.resolve(entry.name());
    if (path.equals(rootfs.root()) && !entry.isDirectory()) {
      throw new IOException(
          "layer entry " + Ascii.quoted(entry.name()) + " would replace the root itself");
    }

    if (entry.isDirectory()) {
      if (!Files.isDirectory(path, NOFOLLOW)) {
        removeExisting(path, entry);
        createParents(path);
        Files.createDirectory(path);
      }
      directories.add(new Deferred(path, entry));
    } else if (entry.isRegular()) {
      removeExisting(path, entry);
      createParents(path);
      // CREATE_NEW is O_EXCL: it never opens through a symlink someone left at the path.
      try (OutputStream out =
          Files.newOutputStream(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        content.transferTo(out);
      }
      applyMetadata(path, entry);
    } else if (entry.isSymlink()) {
      removeExisting(path, entry);
      createParents(path);
      // The target is stored as text and only ever followed through RootfsPath, never here.
      Files.createSymbolicLink(path, Path.of(entry.linkName()));
      applyOwnership(path, entry);
      setTimes(path, entry);
    } else if (entry.isHardlink()) {
      // The link target is resolved inside the root too, so a hardlink can share an inode only
      // with a file this layer made; link(2) does not follow a symlink in its last component.
      Path existing = rootfs.resolve(entry.linkName());
      if (!Files.exists(existing, NOFOLLOW) || Files.isDirectory(existing, NOFOLLOW)) {
        throw new IOException(
            "layer entry "
                + Ascii.quoted(entry.name())
                + " is a hardlink to "
                + Ascii.quoted(entry.linkName())
                + ", which is not a file in the layer");
      }
      if (existing.equals(path)) {
        return;
      }
      removeExisting(path, entry);
      createParents(path);
      Files.createLink(path, existing);
    } else {
      throw new IOException(
          "layer entry "
              + Ascii.quoted(entry.name())
              + " has unsupported type '"
              + printable(entry.type())
              + "'");
    }
  }

  /** OCI whiteouts delete files of lower layers; with one layer there is nothing to delete. */
  private static void rejectWhiteout(String name) throws IOException {
    String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    base = base.substring(base.lastIndexOf('/') + 1);
    if (base.startsWith(".wh.")) {
      throw new IOException(
          "layer entry "
              + Ascii.quoted(name)
              + " is a whiteout; multi-layer images are"
              + " not supported yet");
    }
  }

  /**
   * Removes what is at the last component before an entry takes its place. A symlink there is
   * removed, not followed; a non-empty directory is kept and the entry refused.
   */
  private static void removeExisting(Path path, TarEntry entry) throws IOException {
    try {
      Files.deleteIfExists(path);
    } catch (DirectoryNotEmptyException e) {
      throw new IOException(
          "layer entry " + Ascii.quoted(entry.name()) + " would replace a non-empty directory");
    }
  }

  /** The parent chain holds no symlink (RootfsPath checked), so the kernel follows none here. */
  private static void createParents(Path path) throws IOException {
    Path parent = path.getParent();
    if (!Files.isDirectory(parent, NOFOLLOW)) {
      Files.createDirectories(parent);
    }
  }

  private void applyMetadata(Path path, TarEntry entry) throws IOException {
    // Ownership first: chown clears setuid and setgid, so the mode must come after it.
    applyOwnership(path, entry);
    Files.setAttribute(path, "unix:mode", entry.permissions(), NOFOLLOW);
    setTimes(path, entry);
  }

  private void applyOwnership(Path path, TarEntry entry) throws IOException {
    if (!applyOwnership) {
      return;
    }
    // NOFOLLOW: on a symlink this changes the link itself (lchown), never its target. TarEntry
    // holds
    // ids within 0 to 2^32-2, and the JDK passes the int to lchown as uid_t, so an id past
    // Integer.MAX_VALUE travels as its 32 bits and arrives intact; none wraps to root.
    Files.setAttribute(path, "unix:uid", (int) entry.uid(), NOFOLLOW);
    Files.setAttribute(path, "unix:gid", (int) entry.gid(), NOFOLLOW);
  }

  private static void setTimes(Path path, TarEntry entry) throws IOException {
    FileTime time = FileTime.from(entry.mtime());
    Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
        .setTimes(time, time, null);
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b;
  }

  private static String printable(char type) {
    return type >= 0x20 && type < 0x7f ? String.valueOf(type) : String.format("\\%03o", (int) type);
  }

  private static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private record Deferred(Path path, TarEntry entry) {}
}
