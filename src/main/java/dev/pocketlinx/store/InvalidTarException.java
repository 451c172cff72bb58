package dev.pocketlinx.store;

import java.io.IOException;

/**
 * A tar archive that breaks the format or a limit {@link TarReader} sets: a bad checksum, a
 * malformed number or PAX record, a header larger than plx accepts. The message says what is wrong;
 * {@link #offset()} is where the header it concerns starts in the uncompressed archive.
 */
public final class InvalidTarException extends IOException {

  private final long offset;

  InvalidTarException(String detail, long offset) {
    super(detail);
    this.offset = offset;
  }

  /** Byte offset of the offending header in the uncompressed archive. */
  public long offset() {
    return offset;
  }
}
