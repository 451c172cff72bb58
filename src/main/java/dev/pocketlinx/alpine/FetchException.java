package dev.pocketlinx.alpine;

import java.io.IOException;
import java.net.URI;

/** A fetch that failed, with the URI and the kind of failure for the caller's message. */
public final class FetchException extends IOException {

  /** Why a fetch failed: the next step a user should take differs for each. */
  public enum Kind {
    /** Nothing answered: no route, refused, timed out, unknown host. */
    UNREACHABLE,
    /** The server or directory answered that there is no such file. */
    NOT_FOUND,
    /** Anything else: an HTTP error status, a read error halfway. */
    FAILED
  }

  private final Kind kind;
  private final URI uri;

  public FetchException(Kind kind, URI uri, String detail, Throwable cause) {
    super(detail, cause);
    this.kind = kind;
    this.uri = uri;
  }

  public Kind kind() {
    return kind;
  }

  public URI uri() {
    return uri;
  }
}
