package dev.pocketlinx.alpine;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.DiskFull;
import dev.pocketlinx.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What setup reads from a mirror or a --from URL: the release index, the newest stable release, and
 * the tarball itself, each failure turned into one line that says what to check next.
 */
final class MirrorReader {

  private static final int MAX_INDEX_SIZE = 1 << 20;

  private final Store store;
  private final Fetcher fetcher;

  MirrorReader(Store store, Fetcher fetcher) {
    this.store = store;
    this.fetcher = fetcher;
  }

  ReleaseEntry resolveEntry(Mirror mirror, String branch, Architecture arch) throws PlxException {
    URI indexUri = mirror.indexUri(branch, arch);
    String text;
    try {
      text = fetcher.fetchText(indexUri, MAX_INDEX_SIZE);
    } catch (FetchException e) {
      throw switch (e.kind()) {
        case UNREACHABLE ->
            Fetcher.proxyFor(indexUri).isPresent()
                ? unreachable(
                    indexUri,
                    e,
                    "check the network or --mirror, or import a downloaded minirootfs with --from"
                        + " FILE")
                : new PlxException(
                    "cannot reach the Alpine mirror "
                        + mirror
                        + " ("
                        + e.getMessage()
                        + " for "
                        + indexUri
                        + "); check the network or --mirror, or"
                        + " import a downloaded minirootfs with --from FILE",
                    e);
        case NOT_FOUND ->
            new PlxException(
                "the mirror has no release index at "
                    + indexUri
                    + " ("
                    + e.getMessage()
                    + "); check --version and --arch, or the --mirror",
                e);
        case FAILED ->
            new PlxException(
                "cannot read the release index "
                    + indexUri
                    + ": "
                    + e.getMessage()
                    + "; try again, another --mirror, or --from FILE",
                e);
      };
    }
    try {
      return ReleaseIndex.parse(text)
          .find(ReleaseIndex.MINIROOTFS)
          .orElseThrow(
              () ->
                  new PlxException(
                      "the release index "
                          + indexUri
                          + " lists no "
                          + ReleaseIndex.MINIROOTFS
                          + " for "
                          + arch.alpineName()
                          + "; check --arch and --version, or use --from FILE"));
    } catch (IllegalArgumentException e) {
      throw new PlxException(
          "the release index "
              + indexUri
              + " is not valid: "
              + e.getMessage()
              + "; use another --mirror",
          e);
    }
  }

  /** Whether the mirror's latest-stable branch lists this very release; false if unsure. */
  boolean isLatestStable(Mirror mirror, Architecture arch, ReleaseEntry entry) {
    URI indexUri = mirror.indexUri(AlpineVersion.LATEST_STABLE, arch);
    try {
      Optional<ReleaseEntry> latest =
          ReleaseIndex.parse(fetcher.fetchText(indexUri, MAX_INDEX_SIZE))
              .find(ReleaseIndex.MINIROOTFS);
      return latest.isPresent() && latest.get().version().equals(entry.version());
    } catch (FetchException | IllegalArgumentException e) {
      Log.debug("cannot tell the latest stable release from %s: %s", indexUri, e.getMessage());
      return false;
    }
  }

  Fetcher.Download download(URI uri, Path target, String label, boolean fromMirror, long maxBytes)
      throws PlxException {
    try {
      return fetcher.download(uri, target, label, maxBytes);
    } catch (FetchException e) {
      if (DiskFull.causedBy(e)) {
        throw DiskFull.error(store.root(), "downloading " + uri, e);
      }
      String next =
          fromMirror
              ? "check the network or --mirror, or import a downloaded minirootfs with --from FILE"
              : "check the path or URL given to --from";
      throw switch (e.kind()) {
        case UNREACHABLE -> unreachable(uri, e, next);
        case NOT_FOUND ->
            new PlxException(shown(uri) + " does not exist (" + e.getMessage() + "); " + next, e);
        case FAILED ->
            new PlxException("downloading " + uri + " failed: " + e.getMessage() + "; " + next, e);
      };
    }
  }

  private static PlxException unreachable(URI uri, FetchException e, String next) {
    Optional<String> proxy = Fetcher.proxyFor(uri);
    if (proxy.isPresent()) {
      return new PlxException(
          "cannot reach "
              + uri
              + " through the proxy "
              + proxy.get()
              + " ("
              + e.getMessage()
              + "); check that proxy (https_proxy, http_proxy, no_proxy), or "
              + next,
          e);
    }
    return new PlxException("cannot reach " + uri + " (" + e.getMessage() + "); " + next, e);
  }

  /** A file as the user wrote it, a path, rather than as a file: URL. */
  private static String shown(URI uri) {
    return "file".equals(uri.getScheme()) ? Path.of(uri).toString() : uri.toString();
  }
}
