package dev.pocketlinx.store;

import dev.pocketlinx.Ascii;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A streaming reader for tar archives: ustar and POSIX headers, GNU long names ({@code L}, {@code
 * K}), PAX extended ({@code x}) and global ({@code g}) headers, octal and base-256 numbers. Every
 * size it trusts is bounded, so a hostile archive cannot make it allocate without limit. A corrupt
 * archive is an {@link InvalidTarException} that says where it broke; one cut short is an {@link
 * EOFException}.
 *
 * <p>Usage: call {@link #next()} until it returns null; while an entry is current, {@link
 * #content()} streams its data. Skipped data is read, not seeked over, so a digest computed beneath
 * this reader sees every byte.
 */
public final class TarReader {

  static final int BLOCK = 512;

  /*
   * Limits on metadata. A long name or PAX header is read whole into memory, and parsed PAX records
   * take several times their size there, so each is bounded, and so is what can pile up: the meta
   * headers in front of one entry, and what global headers keep for every later entry (without
   * that bound, one global header after another, each within the limit, fills any heap). Real
   * archives stay far below: GNU tar and libarchive write PAX headers of a few hundred bytes, git
   * archive a global header of 52 bytes, and a long name is a path of a few kilobytes at most.
   * 1 MiB each leaves room for all of them and holds a hostile archive to a few tens of
   * MiB of heap.
   */

  /**
   * Largest single meta header plx accepts: a GNU long name or link, a PAX header or global header.
   */
  static final int MAX_META_SIZE = 1 << 20;

  /** Most bytes of long names and PAX extended headers, together, in front of one entry. */
  static final int MAX_ENTRY_META_SIZE = 1 << 20;

  /** Most characters of keys and values that PAX global headers keep at any one time. */
  static final int MAX_GLOBAL_PAX_SIZE = 1 << 20;

  /** Largest entry plx accepts (1 TiB): more is a corrupt or hostile size field. */
  static final long MAX_ENTRY_SIZE = 1L << 40;

  /** Meta headers (long names, PAX) allowed in front of one entry. */
  private static final int MAX_META_HEADERS = 16;

  private final InputStream in;
  private final Map<String, String> globalPax = new HashMap<>();
  private final byte[] header = new byte[BLOCK];
  private EntryStream current;
  private long offset;
  private long headerOffset;
  private long entryMetaSize;
  private long globalPaxSize;
  private boolean ended;

  public TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive. */
  public TarEntry next() throws IOException {
    if (ended) {
      return null;
    }
    if (current != null) {
      current.skipRest();
      skipFully(padding(current.size));
      current = null;
    }

    String longName = null;
    String longLink = null;
    Map<String, String> pax = new HashMap<>();
    entryMetaSize = 0;
    for (int meta = 0; ; meta++) {
      if (meta > MAX_META_HEADERS) {
        throw corrupt("more than " + MAX_META_HEADERS + " extended headers before one entry");
      }
      if (!readHeader()) {
        ended = true;
        return null;
      }
      char type = (char) header[156];
      long size = number(124, 12, "size");
      if (size < 0 || size > MAX_ENTRY_SIZE) {
        throw corrupt("entry at offset " + headerOffset + " has an impossible size " + size);
      }
      switch (type) {
        case 'L' -> longName = cString(readEntryMeta(size, "GNU long name"));
        case 'K' -> longLink = cString(readEntryMeta(size, "GNU long link name"));
        case 'x' -> pax.putAll(PaxHeader.parse(readEntryMeta(size, "PAX header"), headerOffset));
        case 'g' -> keepGlobal(PaxHeader.parse(readMeta(size, "PAX global header"), headerOffset));
        default -> {
          TarEntry entry = entry(type, size, longName, longLink, pax);
          current = new EntryStream(entry.name(), entry.size());
          return entry;
        }
      }
    }
  }

  /** The data of the current entry; empty for entries that carry none. */
  public InputStream content() {
    if (current == null) {
      throw new IllegalStateException("no current tar entry");
    }
    return current;
  }

  private TarEntry entry(
      char type, long headerSize, String longName, String longLink, Map<String, String> local)
      throws IOException {
    String name = paxValue(local, "path");
    if (name == null) {
      name = longName != null ? longName : ustarName();
    }
    String linkName = paxValue(local, "linkpath");
    if (linkName == null) {
      linkName = longLink != null ? longLink : cString(field(157, 100));
    }
    // GNU tar stores a sparse file in a PAX archive as a regular entry holding only the data
    // between the holes; the map of the holes is in GNU.sparse.* keys (formats 0.0 and 0.1) or at
    // the start of the data (1.0, under the made-up name GNUSparseFile.<pid>/<name>). Unpacked as
    // written, the file would come out wrong, so it is refused like type S.
    if (type == 'S' || hasSparseKey(local)) {
      String realName = paxValue(local, "GNU.sparse.name");
      throw new IOException(
          "tar entry "
              + Ascii.quoted(realName != null ? realName : name)
              + " is a GNU sparse file, which plx cannot read");
    }
    String paxSize = paxValue(local, "size");
    long size =
        paxSize != null
            ? TarNumbers.pax("size", paxSize, MAX_ENTRY_SIZE, headerOffset)
            : headerSize;
    // Links and directories carry no data, whatever their size field says (POSIX).
    if (type == TarEntry.HARDLINK || type == TarEntry.SYMLINK || type == TarEntry.DIRECTORY) {
      size = 0;
    }
    if (name.isEmpty() || name.indexOf('\0') >= 0 || linkName.indexOf('\0') >= 0) {
      throw corrupt("entry at offset " + headerOffset + " has an empty or invalid name");
    }
    String paxUid = paxValue(local, "uid");
    long uid =
        paxUid != null
            ? TarNumbers.pax("uid", paxUid, TarEntry.MAX_ID, headerOffset)
            : TarNumbers.field(header, 108, 8, "uid", 0, TarEntry.MAX_ID, headerOffset);
    String paxGid = paxValue(local, "gid");
    long gid =
        paxGid != null
            ? TarNumbers.pax("gid", paxGid, TarEntry.MAX_ID, headerOffset)
            : TarNumbers.field(header, 116, 8, "gid", 0, TarEntry.MAX_ID, headerOffset);
    String paxMtime = paxValue(local, "mtime");
    Instant mtime =
        paxMtime != null
            ? TarNumbers.paxTime("mtime", paxMtime, headerOffset)
            : TarNumbers.timeField(header, 136, 12, "mtime", headerOffset);
    int mode = (int) TarNumbers.field(header, 100, 8, "mode", 0, TarNumbers.MAX_MODE, headerOffset);
    return new TarEntry(name, type, linkName, mode, uid, gid, size, mtime);
  }

  /** Reads one header block; false at the end-of-archive marker or a clean end of input. */
  private boolean readHeader() throws IOException {
    headerOffset = offset;
    int n = in.readNBytes(header, 0, BLOCK);
    offset += n;
    if (n == 0) {
      // No end-of-archive marker: some writers omit it; the data seen so far is whole.
      return false;
    }
    if (n < BLOCK) {
      throw new EOFException("truncated tar: header at offset " + (offset - n) + " is cut short");
    }
    if (isZero(header)) {
      return false;
    }
    verifyChecksum();
    return true;
  }

  private void verifyChecksum() throws IOException {
    long stored = number(148, 8, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    // Some old writers summed signed bytes; both are accepted, as GNU tar does.
    if (stored != unsigned && stored != signed) {
      throw corrupt("header at offset " + headerOffset + " has a bad checksum");
    }
  }

  private String ustarName() {
    String name = cString(field(0, 100));
    // Only POSIX ustar has a prefix field; GNU tar keeps other data at the same offset.
    boolean posix = header[257] == 'u' && header[262] == 0 && header[263] == '0';
    if (posix) {
      String prefix = cString(field(345, 155));
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  /**
   * The value of a PAX key for the current entry: its own extended headers' first, then what the
   * global headers keep; null when neither sets it. Looked up, not merged: copying the global
   * records for every entry would cost their whole size per entry.
   */
  private String paxValue(Map<String, String> local, String key) {
    String value = local.containsKey(key) ? local.get(key) : globalPax.get(key);
    // An empty value in an extended header means "use the ustar field".
    return value == null || value.isEmpty() ? null : value;
  }

  /** Applies a PAX global header to the records kept for every later entry. */
  private void keepGlobal(Map<String, String> records) throws IOException {
    if (hasSparseKey(records)) {
      throw new IOException(
          "the PAX global header at offset "
              + headerOffset
              + " makes every later tar entry a GNU sparse file, which plx cannot read");
    }
    for (Map.Entry<String, String> record : records.entrySet()) {
      String key = record.getKey();
      String value = record.getValue();
      String old = globalPax.remove(key);
      if (old != null) {
        globalPaxSize -= key.length() + old.length();
      }
      // An empty value deletes the key.
      if (!value.isEmpty()) {
        globalPax.put(key, value);
        globalPaxSize += key.length() + value.length();
      }
    }
    if (globalPaxSize > MAX_GLOBAL_PAX_SIZE) {
      throw corrupt(
          "PAX global headers up to the one at offset "
              + headerOffset
              + " keep more than "
              + MAX_GLOBAL_PAX_SIZE
              + " characters of keys and values");
    }
  }

  private static boolean hasSparseKey(Map<String, String> records) {
    for (String key : records.keySet()) {
      if (key.startsWith("GNU.sparse.")) {
        return true;
      }
    }
    return false;
  }

  /** Reads a long name or PAX extended header, which counts towards the entry's limit. */
  private byte[] readEntryMeta(long size, String what) throws IOException {
    checkMetaSize(size, what);
    entryMetaSize += size;
    if (entryMetaSize > MAX_ENTRY_META_SIZE) {
      throw corrupt(
          "long names and PAX headers in front of one entry add up to more than "
              + MAX_ENTRY_META_SIZE
              + " bytes at the header at offset "
              + headerOffset);
    }
    return readMeta(size, what);
  }

  private void checkMetaSize(long size, String what) throws InvalidTarException {
    if (size > MAX_META_SIZE) {
      throw corrupt(what + " of " + size + " bytes is larger than the limit of " + MAX_META_SIZE);
    }
  }

  private byte[] readMeta(long size, String what) throws IOException {
    checkMetaSize(size, what);
    byte[] data = new byte[(int) size];
    readFully(data, what);
    skipFully(padding(size));
    return data;
  }

  private long number(int start, int length, String what) throws InvalidTarException {
    return TarNumbers.field(header, start, length, what, headerOffset);
  }

  private byte[] field(int start, int length) {
    byte[] bytes = new byte[length];
    System.arraycopy(header, start, bytes, 0, length);
    return bytes;
  }

  private static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static long padding(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }

  private void readFully(byte[] data, String what) throws IOException {
    int n = in.readNBytes(data, 0, data.length);
    offset += n;
    if (n < data.length) {
      throw new EOFException(
          "truncated tar: " + what + " ends after " + n + " of " + data.length + " bytes");
    }
  }

  private void skipFully(long count) throws IOException {
    byte[] buffer = new byte[8192];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("truncated tar: input ends inside an entry's padding");
      }
      offset += n;
      left -= n;
    }
  }

  private InvalidTarException corrupt(String detail) {
    return new InvalidTarException(detail, headerOffset);
  }

  /** The data of one entry: exactly its size, and a clear error if the input ends early. */
  private final class EntryStream extends InputStream {
    private final String name;
    private final long size;
    private long remaining;

    EntryStream(String name, long size) {
      this.name = name;
      this.size = size;
      this.remaining = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(buffer, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException(
            "truncated tar: entry '"
                + name
                + "' ends after "
                + (size - remaining)
                + " of "
                + size
                + " bytes");
      }
      remaining -= n;
      offset += n;
      return n;
    }

    void skipRest() throws IOException {
      byte[] buffer = new byte[8192];
      while (read(buffer, 0, buffer.length) >= 0) {
        // Read, not skipped: whatever hashes the stream below must see these bytes.
      }
    }
  }
}
