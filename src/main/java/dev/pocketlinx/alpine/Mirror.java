package dev.pocketlinx.alpine;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An Alpine release mirror: an {@code http(s)} or {@code file} URL, or a plain directory, laid out
 * as the official one ({@code <branch>/releases/<arch>/latest-releases.yaml}).
 */
public final class Mirror {

  public static final String DEFAULT = "https://dl-cdn.alpinelinux.org/alpine";
  public static final String ENV = "PLX_ALPINE_MIRROR";

  private final URI base;

  private Mirror(URI base) {
    this.base = base;
  }

  /** The mirror from {@code --mirror}, else {@code PLX_ALPINE_MIRROR}, else the official one. */
  public static Mirror select(String option) {
    return select(option, System.getenv(ENV));
  }

  /**
   * As {@link #select(String)}, with the environment variable's value. An empty {@code --mirror} is
   * a mistake (say an unset shell variable) and must not quietly mean the internet; an empty
   * variable counts as unset, as is usual for the environment.
   */
  static Mirror select(String option, String env) {
    if (option != null) {
      if (option.isBlank()) {
        throw new IllegalArgumentException(
            "--mirror is empty; give a mirror URL or directory,"
                + " or leave --mirror out to use $"
                + ENV
                + " or "
                + DEFAULT);
      }
      return of(option);
    }
    if (env != null && !env.isBlank()) {
      return of(env);
    }
    return of(DEFAULT);
  }

  /** A mirror from a URL or a directory path. */
  public static Mirror of(String spec) {
    URI uri = toUri(spec);
    String text = uri.toString();
    return new Mirror(URI.create(text.endsWith("/") ? text : text + "/"));
  }

  /** A URL as given, or a path made absolute; a URL of an unknown scheme is refused. */
  static URI toUri(String spec) {
    String lower = spec.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
      try {
        URI uri = new URI(spec);
        if (!lower.startsWith("file:") && uri.getHost() == null) {
          throw new IllegalArgumentException("'" + spec + "' has no host");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + spec + "' is not a valid URL: " + e.getReason());
      }
    }
    if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException(
          "'" + spec + "' has an unsupported scheme; use http, https, file or a directory");
    }
    return Path.of(spec).toAbsolutePath().normalize().toUri();
  }

  public URI base() {
    return base;
  }

  /** {@code <mirror>/<branch>/releases/<arch>/latest-releases.yaml} */
  public URI indexUri(String branch, Architecture arch) {
    return base.resolve(branch + "/releases/" + arch.alpineName() + "/latest-releases.yaml");
  }

  /** {@code <mirror>/<branch>/releases/<arch>/<file>}, the branch as the entry names it. */
  public URI fileUri(ReleaseEntry entry, Architecture arch) {
    return base.resolve(entry.branch() + "/releases/" + arch.alpineName() + "/" + entry.file());
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
