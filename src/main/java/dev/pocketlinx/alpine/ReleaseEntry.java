package dev.pocketlinx.alpine;

import dev.pocketlinx.image.Digest;

/** One entry of a mirror's {@code latest-releases.yaml}: a file of one flavor of one release. */
public record ReleaseEntry(
    String flavor,
    String branch,
    String arch,
    String version,
    String file,
    String date,
    long size,
    Digest sha256) {}
