package dev.pocketlinx.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes tar archives in memory for tests, including the odd and hostile ones. */
public final class TarBuilder {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public TarBuilder file(String name, byte[] content, int mode) {
    return entry(new Header(name, TarEntry.REGULAR).mode(mode).size(content.length), content);
  }

  public TarBuilder dir(String name, int mode) {
    return entry(new Header(name, TarEntry.DIRECTORY).mode(mode), new byte[0]);
  }

  public TarBuilder symlink(String name, String target) {
    return entry(new Header(name, TarEntry.SYMLINK).mode(0777).link(target), new byte[0]);
  }

  public TarBuilder hardlink(String name, String target) {
    return entry(new Header(name, TarEntry.HARDLINK).mode(0644).link(target), new byte[0]);
  }

  public TarBuilder special(String name, char type) {
    return entry(new Header(name, type).mode(0600), new byte[0]);
  }

  /** A GNU long-name entry ({@code L}) in front of the header that follows. */
  public TarBuilder gnuLongName(String name) {
    byte[] data = (name + "\0").getBytes(StandardCharsets.UTF_8);
    return entry(new Header("././@LongLink", 'L').size(data.length), data);
  }

  /** A GNU long-link entry ({@code K}) in front of the header that follows. */
  public TarBuilder gnuLongLink(String target) {
    byte[] data = (target + "\0").getBytes(StandardCharsets.UTF_8);
    return entry(new Header("././@LongLink", 'K').size(data.length), data);
  }

  /** A PAX header, {@code x} (next entry) or {@code g} (all later entries). */
  public TarBuilder pax(char type, String... keysAndValues) {
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      records.writeBytes(paxRecord(keysAndValues[i], keysAndValues[i + 1]));
    }
    byte[] data = records.toByteArray();
    return entry(new Header("pax", type).size(data.length), data);
  }

  /** A raw header block and data, for fields the helpers do not set. */
  public TarBuilder entry(Header header, byte[] content) {
    out.writeBytes(header.block());
    out.writeBytes(content);
    int pad = (512 - content.length % 512) % 512;
    out.writeBytes(new byte[pad]);
    return this;
  }

  /** The archive with its end-of-archive marker. */
  public byte[] build() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  /** The archive without an end-of-archive marker. */
  public byte[] buildUnterminated() {
    return out.toByteArray();
  }

  public byte[] buildGzip() {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
      zip.write(build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return gz.toByteArray();
  }

  static byte[] paxRecord(String key, String value) {
    byte[] body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    int length = body.length;
    while (Integer.toString(length).length() + body.length != length) {
      length = Integer.toString(length).length() + body.length;
    }
    return (length + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  /** One ustar header block with a correct checksum unless told otherwise. */
  public static final class Header {
    private final byte[] block = new byte[512];
    private boolean badChecksum;

    public Header(String name, char type) {
      put(0, 100, name.getBytes(StandardCharsets.UTF_8));
      block[156] = (byte) type;
      octal(100, 8, 0644);
      octal(108, 8, 0);
      octal(116, 8, 0);
      octal(124, 12, 0);
      octal(136, 12, 1_700_000_000L);
      put(257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
      put(263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    }

    public Header mode(int mode) {
      return octal(100, 8, mode);
    }

    public Header owner(long uid, long gid) {
      octal(108, 8, uid);
      return octal(116, 8, gid);
    }

    public Header size(long size) {
      return octal(124, 12, size);
    }

    public Header mtime(long seconds) {
      return octal(136, 12, seconds);
    }

    public Header link(String target) {
      return put(157, 100, target.getBytes(StandardCharsets.UTF_8));
    }

    public Header prefix(String prefix) {
      return put(345, 155, prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** A GNU base-256 number in a numeric field. */
    public Header base256(int offset, int length, long value) {
      for (int i = length - 1; i >= 0; i--) {
        block[offset + i] = (byte) value;
        value >>= 8;
      }
      block[offset] |= (byte) 0x80;
      return this;
    }

    /** Raw bytes in a field, e.g. to corrupt it. */
    public Header raw(int offset, String text) {
      return put(offset, text.length(), text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Raw bytes at an offset, e.g. a base-256 number too large for a long. */
    public Header raw(int offset, byte[] bytes) {
      System.arraycopy(bytes, 0, block, offset, bytes.length);
      return this;
    }

    public Header badChecksum() {
      badChecksum = true;
      return this;
    }

    byte[] block() {
      java.util.Arrays.fill(block, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : block) {
        sum += b & 0xff;
      }
      if (badChecksum) {
        sum += 1;
      }
      byte[] text = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, block, 148, 8);
      return block.clone();
    }

    private Header octal(int offset, int length, long value) {
      String text = String.format("%0" + (length - 1) + "o", value);
      return put(offset, length, (text + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private Header put(int offset, int length, byte[] bytes) {
      java.util.Arrays.fill(block, offset, offset + length, (byte) 0);
      System.arraycopy(bytes, 0, block, offset, Math.min(length, bytes.length));
      return this;
    }
  }
}
