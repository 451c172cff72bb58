package dev.pocketlinx.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TarReaderTest {

  private static TarReader reader(byte[] tar) {
    return new TarReader(new ByteArrayInputStream(tar));
  }

  private static List<TarEntry> entries(byte[] tar) throws IOException {
    TarReader reader = reader(tar);
    List<TarEntry> entries = new ArrayList<>();
    TarEntry entry;
    while ((entry = reader.next()) != null) {
      entries.add(entry);
    }
    return entries;
  }

  @Test
  void next_readsUstarFileDirectoryAndLinks() throws IOException {
    byte[] tar =
        new TarBuilder()
            .dir("etc/", 0755)
            .file("etc/hostname", "alpine\n")
            .symlink("bin/sh", "/bin/busybox")
            .hardlink("etc/copy", "etc/hostname")
            .build();

    TarReader reader = reader(tar);
    TarEntry dir = reader.next();
    assertEquals("etc/", dir.name());
    assertTrue(dir.isDirectory());
    assertEquals(0755, dir.permissions());

    TarEntry file = reader.next();
    assertTrue(file.isRegular());
    assertEquals(7, file.size());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), file.mtime());
    assertEquals("alpine\n", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));

    TarEntry symlink = reader.next();
    assertTrue(symlink.isSymlink());
    assertEquals("/bin/busybox", symlink.linkName());

    TarEntry hardlink = reader.next();
    assertTrue(hardlink.isHardlink());
    assertEquals("etc/hostname", hardlink.linkName());
    assertNull(reader.next());
    assertNull(reader.next());
  }

  @Test
  void next_skipsContentNotRead() throws IOException {
    byte[] big = new byte[1500];
    Arrays.fill(big, (byte) 'x');
    List<TarEntry> entries =
        entries(new TarBuilder().file("a", big, 0644).file("b", "second").build());

    assertEquals(List.of("a", "b"), entries.stream().map(TarEntry::name).toList());
  }

  @Test
  void next_joinsUstarPrefixAndName() throws IOException {
    byte[] tar =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("file", TarEntry.REGULAR).prefix("usr/share/very/deep"),
                new byte[0])
            .build();

    assertEquals("usr/share/very/deep/file", entries(tar).get(0).name());
  }

  @Test
  void next_readsGnuLongNameAndLongLink() throws IOException {
    String longName = "usr/" + "n".repeat(150) + "/file";
    String longTarget = "/opt/" + "t".repeat(150);
    byte[] tar =
        new TarBuilder()
            .gnuLongName(longName)
            .gnuLongLink(longTarget)
            .symlink("truncated", "truncated")
            .file("next", "x")
            .build();

    List<TarEntry> entries = entries(tar);
    assertEquals(longName, entries.get(0).name());
    assertEquals(longTarget, entries.get(0).linkName());
    assertEquals("next", entries.get(1).name());
  }

  @Test
  void next_appliesPaxPathLinkpathSizeOwnerAndMtime() throws IOException {
    byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
    byte[] tar =
        new TarBuilder()
            .pax(
                'x',
                "path",
                "päx/ünïcode-" + "p".repeat(120),
                "size",
                "10",
                "uid",
                "3000000",
                "gid",
                "3000001",
                "mtime",
                "1700000000.25")
            .entry(new TarBuilder.Header("short", TarEntry.REGULAR).size(0), content)
            .pax('x', "linkpath", "/long/target")
            .symlink("link", "ignored")
            .build();

    TarReader reader = reader(tar);
    TarEntry file = reader.next();
    assertEquals("päx/ünïcode-" + "p".repeat(120), file.name());
    assertEquals(10, file.size());
    assertEquals(3_000_000L, file.uid());
    assertEquals(3_000_001L, file.gid());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L, 250_000_000), file.mtime());
    assertArrayEquals(content, reader.content().readAllBytes());

    TarEntry link = reader.next();
    assertEquals("link", link.name());
    assertEquals("/long/target", link.linkName());
  }

  @Test
  void next_appliesGlobalPaxToEveryLaterEntry() throws IOException {
    byte[] tar =
        new TarBuilder()
            .file("before", "x")
            .pax('g', "uid", "42")
            .file("a", "x")
            .file("b", "x")
            .build();

    List<TarEntry> entries = entries(tar);
    assertEquals(0, entries.get(0).uid());
    assertEquals(42, entries.get(1).uid());
    assertEquals(42, entries.get(2).uid());
  }

  @Test
  void next_readsBase256Numbers() throws IOException {
    byte[] tar =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("big-owner", TarEntry.REGULAR)
                    .base256(108, 8, 4_294_967_294L)
                    .base256(116, 8, 3_000_000_000L)
                    .base256(136, 12, -1L),
                new byte[0])
            .build();

    TarEntry entry = entries(tar).get(0);
    assertEquals(4_294_967_294L, entry.uid());
    assertEquals(3_000_000_000L, entry.gid());
    assertEquals(Instant.ofEpochSecond(-1), entry.mtime());
  }

  private static TarBuilder.Header header() {
    return new TarBuilder.Header("a", TarEntry.REGULAR);
  }

  @Test
  void next_endsAtCleanEndOfInputWithoutMarker() throws IOException {
    assertEquals(1, entries(new TarBuilder().file("a", "x").buildUnterminated()).size());
  }

  @Test
  void next_rejectsBadChecksum() {
    byte[] tar =
        new TarBuilder()
            .entry(new TarBuilder.Header("a", TarEntry.REGULAR).badChecksum(), new byte[0])
            .build();

    InvalidTarException e = assertThrows(InvalidTarException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("bad checksum"), e.getMessage());
    assertEquals(0, e.offset());
  }

  @Test
  void next_rejectsTruncatedHeader() {
    byte[] tar = Arrays.copyOf(new TarBuilder().file("a", "x").build(), 300);

    IOException e = assertThrows(EOFException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void next_rejectsTruncatedData() {
    byte[] full = new TarBuilder().file("a", new byte[2000], 0644).buildUnterminated();
    byte[] tar = Arrays.copyOf(full, 512 + 1000);

    IOException e =
        assertThrows(
            EOFException.class,
            () -> {
              TarReader reader = reader(tar);
              reader.next();
              reader.content().readAllBytes();
            });
    assertTrue(e.getMessage().contains("entry 'a' ends after 1000 of 2000 bytes"), e.getMessage());
  }

  @Test
  void next_rejectsTruncatedDataWhenSkipping() {
    byte[] tar = Arrays.copyOf(new TarBuilder().file("a", new byte[2000], 0644).build(), 1200);

    assertThrows(EOFException.class, () -> entries(tar));
  }

  @ParameterizedTest(name = "type {0}")
  @ValueSource(chars = {'L', 'K', 'x', 'g'})
  void next_refusesAnyMetaHeaderLargerThanTheLimit(char type) {
    byte[] tar =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("meta", type).size(TarReader.MAX_META_SIZE + 1L), new byte[0])
            .file("a", "x")
            .build();

    InvalidTarException e = assertThrows(InvalidTarException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("larger than the limit of 1048576"), e.getMessage());
  }

  @Test
  void next_refusesLongNamesAndPaxHeadersAddingUpPastTheLimitBeforeOneEntry() {
    String half = "n".repeat(TarReader.MAX_ENTRY_META_SIZE / 2);
    byte[] tar =
        new TarBuilder().gnuLongName(half).pax('x', "comment", half).file("a", "x").build();

    InvalidTarException e = assertThrows(InvalidTarException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("add up to more than 1048576 bytes"), e.getMessage());
  }

  @Test
  void next_refusesGlobalPaxHeadersKeepingMoreThanTheLimit() {
    String half = "v".repeat(TarReader.MAX_GLOBAL_PAX_SIZE / 2);
    byte[] tar =
        new TarBuilder()
            .pax('g', "comment", half)
            .file("a", "x")
            .pax('g', "other", half)
            .file("b", "x")
            .build();

    InvalidTarException e = assertThrows(InvalidTarException.class, () -> entries(tar));
    assertTrue(
        e.getMessage().contains("PAX global headers up to the one at offset"), e.getMessage());
  }

  @Test
  void next_countsOnlyTheGlobalPaxValuesStillKept() throws IOException {
    String half = "v".repeat(TarReader.MAX_GLOBAL_PAX_SIZE / 2);
    TarBuilder builder = new TarBuilder();
    for (int i = 0; i < 4; i++) {
      builder.pax('g', "comment", half + i).file("replaced-" + i, "x");
    }
    builder.pax('g', "comment", "").file("deleted", "x");
    builder.pax('g', "other", half, "uid", "7").file("last", "x");

    List<TarEntry> entries = entries(builder.build());

    assertEquals(6, entries.size());
    assertEquals(7, entries.get(5).uid());
  }

  /** Sparse files as GNU tar writes them: type S, and the three PAX formats of --format=posix. */
  static Stream<Arguments> sparseFiles() {
    byte[] data = new byte[512];
    return Stream.of(
        Arguments.of(
            "GNU type S",
            new TarBuilder()
                .entry(new TarBuilder.Header("holes", 'S').size(data.length), data)
                .build()),
        Arguments.of(
            "PAX 0.0",
            new TarBuilder()
                .pax(
                    'x',
                    "GNU.sparse.size",
                    "4194304",
                    "GNU.sparse.numblocks",
                    "1",
                    "GNU.sparse.offset",
                    "1048576",
                    "GNU.sparse.numbytes",
                    "512")
                .file("holes", data, 0644)
                .build()),
        Arguments.of(
            "PAX 0.1",
            new TarBuilder()
                .pax(
                    'x',
                    "GNU.sparse.size",
                    "4194304",
                    "GNU.sparse.numblocks",
                    "1",
                    "GNU.sparse.map",
                    "1048576,512")
                .file("holes", data, 0644)
                .build()),
        Arguments.of(
            "PAX 1.0",
            new TarBuilder()
                .pax(
                    'x',
                    "GNU.sparse.major",
                    "1",
                    "GNU.sparse.minor",
                    "0",
                    "GNU.sparse.name",
                    "holes",
                    "GNU.sparse.realsize",
                    "4194304")
                .file("GNUSparseFile.9576/holes", data, 0644)
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sparseFiles")
  void next_refusesSparseFiles(String format, byte[] tar) {
    IOException e = assertThrows(IOException.class, () -> entries(tar));
    assertEquals("tar entry 'holes' is a GNU sparse file, which plx cannot read", e.getMessage());
  }

  @Test
  void next_refusesGlobalPaxHeaderWithSparseKeys() {
    byte[] tar =
        new TarBuilder()
            .pax('g', "GNU.sparse.major", "1", "GNU.sparse.minor", "0")
            .file("a", "x")
            .build();

    IOException e = assertThrows(IOException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("GNU sparse"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "mtime, 100000000000000000",
    "mtime, 9223372037",
    "mtime, -9223372037",
    "mtime, 1e9",
    "mtime, 1E999999999",
    "mtime, +1700000000",
    "mtime, ' 1700000000'",
    "mtime, 1700000000.5.5",
    "mtime, .5",
    "mtime, 0x10",
    "size, +1",
    "size, -0",
    "size, 1_0",
    "size, 99999999999999999999",
    "size, 1099511627777",
    "uid, +5",
    "gid, '5 '",
  })
  void next_refusesPaxNumbersMalformedOrOutOfRange(String key, String value) {
    byte[] tar = new TarBuilder().pax('x', key, value).file("a", "x").build();

    InvalidTarException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> assertThrows(InvalidTarException.class, () -> entries(tar)));
    assertTrue(e.getMessage().contains("PAX " + key), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1700000000.123456789,   1700000000, 123456789",
    "1700000000.25,          1700000000, 250000000",
    "1700000000.1234567891,  1700000000, 123456789",
    "1700000000.,            1700000000, 0",
    "0001700000000,          1700000000, 0",
    "-1.5,                   -2,         500000000",
    "9223372036.854775807,   9223372036, 854775807",
    "-9223372036.854775808,  -9223372037, 145224192",
  })
  void next_readsPaxMtimesWithFractions(String text, long seconds, int nanos) throws IOException {
    byte[] tar = new TarBuilder().pax('x', "mtime", text).file("a", "x").build();

    assertEquals(Instant.ofEpochSecond(seconds, nanos), entries(tar).get(0).mtime());
  }

  /** Header fields whose numbers are out of range or not numbers at all. */
  static Stream<Arguments> badHeaderNumbers() {
    byte[] minusTwoTo64 = new byte[12];
    Arrays.fill(minusTwoTo64, 0, 4, (byte) 0xff);
    byte[] minusTwoTo90 = new byte[12];
    minusTwoTo90[0] = (byte) 0xc0;
    return Stream.of(
        Arguments.of("mtime 10^17", header().base256(136, 12, 100_000_000_000_000_000L), "mtime"),
        Arguments.of("mtime 2^63-1", header().base256(136, 12, Long.MAX_VALUE), "mtime"),
        Arguments.of("mtime -2^90", header().raw(136, minusTwoTo90), "mtime"),
        Arguments.of("size -2^64", header().raw(124, minusTwoTo64), "size"),
        Arguments.of("size trailing text", header().raw(124, "0000000001 x"), "size"),
        Arguments.of("mode 2^40", header().base256(100, 8, 1L << 40), "mode"),
        Arguments.of("mode -1", header().base256(100, 8, -1), "mode"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHeaderNumbers")
  void next_refusesHeaderNumbersMalformedOrOutOfRange(
      String description, TarBuilder.Header header, String field) {
    byte[] tar = new TarBuilder().entry(header, new byte[0]).build();

    InvalidTarException e = assertThrows(InvalidTarException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }

  /** Owners beyond uid_t, or its -1 ("leave the owner as it is"), in every encoding. */
  static Stream<Arguments> ownersOutsideUidT() {
    return Stream.of(
        Arguments.of(
            "PAX uid 2^32", paxOwner("uid", "4294967296"), "PAX uid of '4294967296', outside"),
        Arguments.of(
            "PAX uid 2^32-1", paxOwner("uid", "4294967295"), "PAX uid of '4294967295', outside"),
        Arguments.of(
            "PAX gid 2^32", paxOwner("gid", "4294967296"), "PAX gid of '4294967296', outside"),
        Arguments.of(
            "PAX uid 2^64", paxOwner("uid", "18446744073709551616"), "PAX uid of '1844674407"),
        Arguments.of("PAX uid -1", paxOwner("uid", "-1"), "PAX uid that is not a decimal"),
        Arguments.of(
            "base-256 uid 2^32",
            owner(header().base256(108, 8, 1L << 32)),
            "uid of 4294967296, outside"),
        Arguments.of(
            "base-256 gid 2^32",
            owner(header().base256(116, 8, 1L << 32)),
            "gid of 4294967296, outside"),
        Arguments.of("base-256 uid -1", owner(header().base256(108, 8, -1)), "uid of -1, outside"),
        Arguments.of(
            "base-256 gid 2^62-1",
            owner(header().base256(116, 8, (1L << 62) - 1)),
            "gid of 4611686018427387903, outside"));
  }

  private static byte[] paxOwner(String key, String value) {
    return new TarBuilder().pax('x', key, value).file("bin/su", "x").build();
  }

  private static byte[] owner(TarBuilder.Header header) {
    return new TarBuilder().entry(header.mode(04755), new byte[0]).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ownersOutsideUidT")
  void next_refusesOwnersOutsideUidTInsteadOfWrapping(
      String description, byte[] tar, String expected) {
    InvalidTarException e = assertThrows(InvalidTarException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void next_readsPaxOwnersUpToTheLargestUidT() throws IOException {
    byte[] tar =
        new TarBuilder().pax('x', "uid", "4294967294", "gid", "2147483648").file("a", "x").build();

    TarEntry entry = entries(tar).get(0);
    assertEquals(4_294_967_294L, entry.uid());
    assertEquals(2_147_483_648L, entry.gid());
  }

  @Test
  void next_rejectsAbsurdEntrySize() {
    byte[] tar =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("huge", TarEntry.REGULAR).base256(124, 12, Long.MAX_VALUE),
                new byte[0])
            .build();

    IOException e = assertThrows(IOException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("impossible size"), e.getMessage());
  }

  @Test
  void next_rejectsNonOctalNumber() {
    byte[] tar =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("a", TarEntry.REGULAR).raw(124, "00000000x9\0"), new byte[0])
            .build();

    IOException e = assertThrows(IOException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("non-octal size"), e.getMessage());
  }

  @Test
  void next_rejectsMalformedPaxRecord() {
    byte[] tar =
        new TarBuilder()
            .entry(
                new TarBuilder.Header("pax", 'x').size(12),
                "99 path=abc\n".getBytes(StandardCharsets.US_ASCII))
            .file("a", "x")
            .build();

    IOException e = assertThrows(IOException.class, () -> entries(tar));
    assertTrue(e.getMessage().contains("PAX"), e.getMessage());
  }

  @Test
  void next_rejectsNulInPaxPath() {
    byte[] tar = new TarBuilder().pax('x', "path", "a\0b").file("a", "x").build();

    assertThrows(IOException.class, () -> entries(tar));
  }
}
