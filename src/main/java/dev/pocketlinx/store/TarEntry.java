package dev.pocketlinx.store;

import java.time.Instant;

/**
 * One entry of a tar archive, with long names and PAX overrides already applied. The name and link
 * name are exactly as the archive spells them; they are untrusted and must reach the file system
 * only through {@link RootfsPath}.
 */
public record TarEntry(
    String name,
    char type,
    String linkName,
    int mode,
    long uid,
    long gid,
    long size,
    Instant mtime) {

  public static final char REGULAR = '0';
  public static final char REGULAR_OLD = '\0';
  public static final char HARDLINK = '1';
  public static final char SYMLINK = '2';
  public static final char CHAR_DEVICE = '3';
  public static final char BLOCK_DEVICE = '4';
  public static final char DIRECTORY = '5';
  public static final char FIFO = '6';
  public static final char CONTIGUOUS = '7';

  /**
   * Largest uid or gid: uid_t and gid_t are 32 bits unsigned, and the largest of them, (uid_t) -1,
   * tells chown to leave the owner as it is.
   */
  public static final long MAX_ID = 0xFFFF_FFFEL;

  /**
   * An owner outside 0 to {@link #MAX_ID} is refused, never wrapped: cut to 32 bits, uid 2^32 would
   * be 0, and a setuid file would belong to root.
   */
  public TarEntry {
    if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
      throw new IllegalArgumentException(
          "tar entry '" + name + "' has owner " + uid + ":" + gid + ", outside 0 to " + MAX_ID);
    }
  }

  public boolean isRegular() {
    return type == REGULAR || type == REGULAR_OLD || type == CONTIGUOUS;
  }

  public boolean isDirectory() {
    return type == DIRECTORY;
  }

  public boolean isSymlink() {
    return type == SYMLINK;
  }

  public boolean isHardlink() {
    return type == HARDLINK;
  }

  /** Devices and fifos: a layer may carry them, an unprivileged unpack cannot make them. */
  public boolean isSpecial() {
    return type == CHAR_DEVICE || type == BLOCK_DEVICE || type == FIFO;
  }

  /** The permission bits with setuid, setgid and sticky. */
  public int permissions() {
    return mode & 07777;
  }
}
