package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "amd64, AMD64",
    "x86_64, AMD64",
    "aarch64, ARM64",
    "arm64, ARM64",
    "armv7, ARM",
    "i686, I386",
    "ppc64le, PPC64LE",
    "s390x, S390X",
    "riscv64, RISCV64"
  })
  void parse_acceptsOsArchOciAndAlpineNames(String text, Architecture expected) {
    assertEquals(expected, Architecture.parse(text));
  }

  @Test
  void parse_rejectsUnknownArchitecture() {
    assertThrows(IllegalArgumentException.class, () -> Architecture.parse("mips"));
  }

  @ParameterizedTest
  @CsvSource({
    "2, 1, 62, AMD64",
    "2, 1, 183, ARM64",
    "1, 1, 40, ARM",
    "1, 1, 3, I386",
    "2, 1, 21, PPC64LE",
    "2, 2, 22, S390X",
    "2, 1, 243, RISCV64"
  })
  void ofElf_readsMachineFromHeader(int elfClass, int data, int machine, Architecture expected)
      throws IOException {
    assertEquals(Optional.of(expected), Architecture.ofElf(elf(elfClass, data, machine)));
  }

  @Test
  void ofElf_emptyForBigEndianPowerAndNonElf() throws IOException {
    assertEquals(Optional.empty(), Architecture.ofElf(elf(2, 2, 21)));
    Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho not an elf file\n");
    assertEquals(Optional.empty(), Architecture.ofElf(script));
  }

  private Path elf(int elfClass, int data, int machine) throws IOException {
    byte[] header = new byte[64];
    header[0] = 0x7f;
    header[1] = 'E';
    header[2] = 'L';
    header[3] = 'F';
    header[4] = (byte) elfClass;
    header[5] = (byte) data;
    if (data == 1) {
      header[18] = (byte) machine;
      header[19] = (byte) (machine >> 8);
    } else {
      header[18] = (byte) (machine >> 8);
      header[19] = (byte) machine;
    }
    return Files.write(Files.createTempFile(dir, "elf", ""), header);
  }
}
