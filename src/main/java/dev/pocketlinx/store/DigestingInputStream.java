package dev.pocketlinx.store;

import dev.pocketlinx.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Computes the sha256 and the length of everything read through it. */
public final class DigestingInputStream extends FilterInputStream {

  private final MessageDigest sha256 = Digest.newSha256();
  private long count;

  public DigestingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    int n = in.read(buffer, off, len);
    if (n > 0) {
      sha256.update(buffer, off, n);
      count += n;
    }
    return n;
  }

  /** Reads instead of skipping, so the skipped bytes are hashed too. */
  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads the rest of the stream, so that the digest covers all of it. */
  public void drain() throws IOException {
    skip(Long.MAX_VALUE);
  }

  public Digest digest() {
    return Digest.of(sha256);
  }

  public long count() {
    return count;
  }
}
