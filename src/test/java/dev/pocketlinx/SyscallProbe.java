package dev.pocketlinx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Tiny static programs that make one system call and exit with its errno, or 0 when it succeeded:
 * what a container's seccomp filter answers to calls that no program of the Alpine image makes
 * (clone with a namespace flag, clone3) or makes only with arguments that hide the filter's answer
 * behind a missing capability. Machine code written by hand for the host's architecture, in a
 * one-segment ELF file that needs no loader or library.
 */
final class SyscallProbe {

  /** A system-call ABI a probe can use. */
  enum Abi {
    /** x86_64's own calls, by the {@code syscall} instruction. */
    X86_64,
    /** 32-bit x86 calls, by {@code int 0x80} from the same 64-bit program. */
    I386,
    AARCH64
  }

  private static final long BASE = 0x400000;
  private static final int ELF_HEADER = 64;
  private static final int PROGRAM_HEADER = 56;

  private SyscallProbe() {}

  /** The ABIs probes can use on this host; fails on a host they have no machine code for. */
  static Abi[] hostAbis() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> new Abi[] {Abi.X86_64, Abi.I386};
      case "aarch64", "arm64" -> new Abi[] {Abi.AARCH64};
      default -> throw new AssertionError("no system-call probe for " + arch + " yet");
    };
  }

  /** An ELF executable that calls {@code number} with up to three 32-bit arguments. */
  static byte[] program(Abi abi, int number, int... args) {
    int[] a = {0, 0, 0};
    System.arraycopy(args, 0, a, 0, args.length);
    byte[] code =
        switch (abi) {
          case X86_64 -> x86(number, a, false);
          case I386 -> x86(number, a, true);
          case AARCH64 -> aarch64(number, a);
        };
    return elf(abi == Abi.AARCH64 ? 183 : 62, code);
  }

  private static byte[] x86(int number, int[] a, boolean int80) {
    Code code = new Code();
    if (int80) {
      code.bytes(0xbb).int32(a[0]); // mov ebx, a0
      code.bytes(0xb9).int32(a[1]); // mov ecx, a1
      code.bytes(0xba).int32(a[2]); // mov edx, a2
      code.bytes(0x31, 0xf6, 0x31, 0xff); // xor esi, esi; xor edi, edi
      code.bytes(0xb8).int32(number); // mov eax, number
      code.bytes(0xcd, 0x80); // int 0x80
    } else {
      code.bytes(0xbf).int32(a[0]); // mov edi, a0
      code.bytes(0xbe).int32(a[1]); // mov esi, a1
      code.bytes(0xba).int32(a[2]); // mov edx, a2
      code.bytes(0x45, 0x31, 0xd2, 0x45, 0x31, 0xc0); // xor r10d, r10d; xor r8d, r8d
      code.bytes(0xb8).int32(number); // mov eax, number
      code.bytes(0x0f, 0x05); // syscall
    }
    // The exit status: -eax when the call returned an error, else 0.
    code.bytes(0x31, 0xff); // xor edi, edi
    code.bytes(0xf7, 0xd8); // neg eax
    code.bytes(0x0f, 0x49, 0xf8); // cmovns edi, eax
    code.bytes(0xb8).int32(60); // mov eax, 60 (exit)
    code.bytes(0x0f, 0x05); // syscall
    return code.toByteArray();
  }

  private static byte[] aarch64(int number, int[] a) {
    Code code = new Code();
    for (int register = 0; register < 3; register++) {
      code.int32(movz(register, a[register] & 0xffff, 0));
      code.int32(movk(register, a[register] >>> 16, 1));
    }
    code.int32(movz(3, 0, 0));
    code.int32(movz(4, 0, 0));
    code.int32(movz(8, number, 0));
    code.int32(0xd4000001); // svc #0
    // The exit status: -x0 when the call returned an error, else 0.
    code.int32(0xeb0003e0); // negs x0, x0
    code.int32(0x9a9f5000); // csel x0, x0, xzr, pl
    code.int32(movz(8, 93, 0)); // exit
    code.int32(0xd4000001); // svc #0
    return code.toByteArray();
  }

  private static int movz(int register, int imm16, int shift) {
    return 0xd2800000 | shift << 21 | imm16 << 5 | register;
  }

  private static int movk(int register, int imm16, int shift) {
    return 0xf2800000 | shift << 21 | imm16 << 5 | register;
  }

  /** An executable of one read-and-execute segment: the headers and the code after them. */
  private static byte[] elf(int machine, byte[] code) {
    int size = ELF_HEADER + PROGRAM_HEADER + code.length;
    ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    elf.putShort((short) 2); // ET_EXEC
    elf.putShort((short) machine);
    elf.putInt(1); // EV_CURRENT
    elf.putLong(BASE + ELF_HEADER + PROGRAM_HEADER); // entry: the code
    elf.putLong(ELF_HEADER); // program headers
    elf.putLong(0); // no section headers
    elf.putInt(0); // flags
    elf.putShort((short) ELF_HEADER);
    elf.putShort((short) PROGRAM_HEADER);
    elf.putShort((short) 1);
    elf.putShort((short) 0);
    elf.putShort((short) 0);
    elf.putShort((short) 0);
    elf.putInt(1); // PT_LOAD
    elf.putInt(5); // PF_R | PF_X
    elf.putLong(0); // from the start of the file
    elf.putLong(BASE);
    elf.putLong(BASE);
    elf.putLong(size);
    elf.putLong(size);
    elf.putLong(0x10000);
    elf.put(code);
    return elf.array();
  }

  private static final class Code extends ByteArrayOutputStream {
    Code bytes(int... values) {
      for (int value : values) {
        write(value);
      }
      return this;
    }

    Code int32(int value) {
      write(value);
      write(value >>> 8);
      write(value >>> 16);
      write(value >>> 24);
      return this;
    }
  }
}
