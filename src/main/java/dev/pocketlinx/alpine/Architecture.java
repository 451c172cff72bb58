package dev.pocketlinx.alpine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CPU architecture under its three names: Alpine's (the mirror's folder), OCI's (the image
 * config), and the ELF header's machine number (what a binary really is).
 */
public enum Architecture {
  AMD64("x86_64", "amd64", 62, List.of("amd64", "x86_64")),
  ARM64("aarch64", "arm64", 183, List.of("aarch64", "arm64")),
  ARM("armv7", "arm", 40, List.of("arm", "armv7", "armhf", "armv7l")),
  I386("x86", "386", 3, List.of("x86", "i386", "i486", "i586", "i686", "386")),
  PPC64LE("ppc64le", "ppc64le", 21, List.of("ppc64le")),
  S390X("s390x", "s390x", 22, List.of("s390x")),
  RISCV64("riscv64", "riscv64", 243, List.of("riscv64"));

  private final String alpineName;
  private final String ociName;
  private final int elfMachine;
  private final List<String> aliases;

  Architecture(String alpineName, String ociName, int elfMachine, List<String> aliases) {
    this.alpineName = alpineName;
    this.ociName = ociName;
    this.elfMachine = elfMachine;
    this.aliases = aliases;
  }

  /** The folder name on the mirror: {@code x86_64}. */
  public String alpineName() {
    return alpineName;
  }

  /** The image config's {@code architecture}: {@code amd64}. */
  public String ociName() {
    return ociName;
  }

  /** Parses an architecture in any of its usual spellings ({@code x86_64}, {@code amd64}). */
  public static Architecture parse(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Architecture arch : values()) {
      if (arch.aliases.contains(lower)) {
        return arch;
      }
    }
    throw new IllegalArgumentException(
        "unknown architecture '"
            + text
            + "'; use x86_64, aarch64, armv7, x86, ppc64le, s390x or riscv64");
  }

  /** The architecture of the running JVM ({@code os.arch}). */
  public static Architecture host() {
    return parse(System.getProperty("os.arch"));
  }

  /**
   * The architecture of an ELF binary, from its header; empty when the file is no ELF binary of a
   * known machine. Only the first 20 bytes are read.
   */
  public static Optional<Architecture> ofElf(Path binary) throws IOException {
    byte[] header;
    try (InputStream in = Files.newInputStream(binary)) {
      header = in.readNBytes(20);
    }
    if (header.length < 20
        || header[0] != 0x7f
        || header[1] != 'E'
        || header[2] != 'L'
        || header[3] != 'F') {
      return Optional.empty();
    }
    // e_machine is at offset 18, in the byte order EI_DATA (offset 5) names: 1 little, 2 big.
    boolean little = header[5] == 1;
    int machine =
        little
            ? (header[18] & 0xff) | (header[19] & 0xff) << 8
            : (header[19] & 0xff) | (header[18] & 0xff) << 8;
    boolean is64 = header[4] == 2;
    for (Architecture arch : values()) {
      if (arch.elfMachine == machine) {
        // Machine 21 is PowerPC 64 of either byte order; plx knows only the little-endian one.
        if (arch == PPC64LE && (!little || !is64)) {
          return Optional.empty();
        }
        return Optional.of(arch);
      }
    }
    return Optional.empty();
  }
}
