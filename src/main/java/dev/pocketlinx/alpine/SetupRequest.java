package dev.pocketlinx.alpine;

/**
 * The options of {@code plx setup}. Null means "not given": no version is latest-stable, no arch
 * the host's, no mirror the default or {@code PLX_ALPINE_MIRROR}; {@code from} replaces the mirror
 * with a local tarball or a URL.
 */
public record SetupRequest(
    String version, String arch, String mirror, String from, boolean force) {}
