package dev.pocketlinx.alpine;

import dev.pocketlinx.store.RootfsPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What an unpacked layer says about itself: whether it is a root filesystem, the architecture of
 * its binaries, and the Alpine release it holds. Files are found through {@link RootfsPath}, so a
 * symlink in the layer (say {@code bin/busybox -> /usr/bin/x}) is read inside the layer, never on
 * the host.
 */
public record RootfsInspection(
    boolean isRootfs,
    Optional<Architecture> architecture,
    Optional<String> alpineRelease,
    Optional<Instant> releaseFileTime) {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  public static RootfsInspection of(Path layer) throws IOException {
    RootfsPath rootfs = new RootfsPath(layer);
    // A shell that is there, as the image's default command needs: bin/sh followed inside the
    // layer to a file (in a minirootfs, a link to busybox), not a link left dangling.
    Path sh = rootfs.resolveFollowing("bin/sh");
    Path busybox = rootfs.resolveFollowing("bin/busybox");
    Path etc = rootfs.resolveFollowing("etc");
    boolean isRootfs = Files.isRegularFile(sh, NOFOLLOW) && Files.isDirectory(etc, NOFOLLOW);

    // busybox is the one real binary of a minirootfs; anything else has a real bin/sh.
    Optional<Architecture> arch = Optional.empty();
    for (Path binary : new Path[] {busybox, sh}) {
      if (arch.isEmpty() && Files.isRegularFile(binary, NOFOLLOW)) {
        arch = Architecture.ofElf(binary);
      }
    }

    Path releaseFile = rootfs.resolveFollowing("etc/alpine-release");
    Optional<String> release = Optional.empty();
    Optional<Instant> releaseTime = Optional.empty();
    if (Files.isRegularFile(releaseFile, NOFOLLOW) && Files.size(releaseFile) < 4096) {
      String text = new String(Files.readAllBytes(releaseFile), StandardCharsets.UTF_8).strip();
      if (!text.isEmpty()) {
        release = Optional.of(text);
        releaseTime = Optional.of(Files.getLastModifiedTime(releaseFile, NOFOLLOW).toInstant());
      }
    }
    return new RootfsInspection(isRootfs, arch, release, releaseTime);
  }
}
