package dev.pocketlinx.alpine;

import dev.pocketlinx.image.Digest;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/** Reads files from {@code http}, {@code https} and {@code file} URIs. */
public final class Fetcher {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private HttpClient http;

  /** Reads a small text file, such as an index or a checksum file, up to {@code maxBytes}. */
  public String fetchText(URI uri, int maxBytes) throws FetchException {
    try (InputStream in = open(uri).body()) {
      byte[] data = in.readNBytes(maxBytes + 1);
      if (data.length > maxBytes) {
        throw new FetchException(
            FetchException.Kind.FAILED,
            uri,
            "larger than the " + maxBytes + " bytes expected",
            null);
      }
      return new String(data, StandardCharsets.UTF_8);
    } catch (FetchException e) {
      throw e;
    } catch (IOException e) {
      throw new FetchException(FetchException.Kind.FAILED, uri, describe(e), e);
    }
  }

  /** As {@link #fetchText}, but a file that does not exist is empty rather than an error. */
  public Optional<String> fetchTextIfExists(URI uri, int maxBytes) throws FetchException {
    try {
      return Optional.of(fetchText(uri, maxBytes));
    } catch (FetchException e) {
      if (e.kind() == FetchException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** What a download wrote: the sha256 and size of the bytes. */
  public record Download(Digest sha256, long size) {}

  /**
   * Streams {@code uri} into {@code target} (an existing file, replaced), hashing on the way, and
   * gives up once more than {@code maxBytes} arrive: a source that never ends, or a server that
   * sends more than the release index lists, cannot fill the disk.
   */
  public Download download(URI uri, Path target, String label, long maxBytes)
      throws FetchException {
    long started = System.nanoTime();
    Opened opened = open(uri);
    if (opened.length() > maxBytes) {
      closeQuietly(opened.body());
      throw new FetchException(
          FetchException.Kind.FAILED,
          uri,
          "it is " + opened.length() + " bytes, more than the " + maxBytes + " expected",
          null);
    }
    ProgressBar progress = ProgressBar.onStderr(label, opened.length());
    Duration stallLimit = StallWatchdog.configuredLimit();
    try (DigestingInputStream in = new DigestingInputStream(opened.body());
        StallWatchdog watchdog = new StallWatchdog(in, stallLimit);
        OutputStream out =
            Files.newOutputStream(
                target, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      try {
        while ((n = in.read(buffer)) >= 0) {
          watchdog.progress();
          if (in.count() > maxBytes) {
            throw new FetchException(
                FetchException.Kind.FAILED,
                uri,
                "it sent more than the " + maxBytes + " bytes expected",
                null);
          }
          out.write(buffer, 0, n);
          progress.update(in.count());
        }
      } catch (IOException e) {
        if (watchdog.fired()) {
          throw new FetchException(
              FetchException.Kind.FAILED,
              uri,
              "no data for "
                  + stallLimit.toSeconds()
                  + " s after "
                  + in.count()
                  + " bytes; the download"
                  + " stalled",
              e);
        }
        throw e;
      }
      progress.finish();
      Log.debug(
          "downloaded %s: %d bytes in %d ms",
          uri, in.count(), (System.nanoTime() - started) / 1_000_000);
      return new Download(in.digest(), in.count());
    } catch (FetchException e) {
      progress.finish();
      throw e;
    } catch (IOException e) {
      progress.finish();
      throw new FetchException(FetchException.Kind.FAILED, uri, describe(e), e);
    }
  }

  private record Opened(InputStream body, long length) {}

  private Opened open(URI uri) throws FetchException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (scheme.equals("file")) {
      Path path = Path.of(uri);
      try {
        // A device or a pipe (/dev/zero, a FIFO) may never end and has no size to check.
        if (Files.exists(path) && !Files.isRegularFile(path)) {
          throw new FetchException(FetchException.Kind.FAILED, uri, "not a regular file", null);
        }
        return new Opened(Files.newInputStream(path), Files.size(path));
      } catch (NoSuchFileException e) {
        throw new FetchException(FetchException.Kind.NOT_FOUND, uri, "no such file", e);
      } catch (IOException e) {
        throw new FetchException(FetchException.Kind.FAILED, uri, describe(e), e);
      }
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(
          FetchException.Kind.FAILED,
          uri,
          "unsupported URL scheme '" + scheme + "' (use http, https or file)",
          null);
    }
    return openHttp(uri);
  }

  private Opened openHttp(URI uri) throws FetchException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
    Log.debug("GET %s", uri);
    HttpResponse<InputStream> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new FetchException(FetchException.Kind.UNREACHABLE, uri, describe(e), e);
    } catch (HttpTimeoutException e) {
      throw new FetchException(
          FetchException.Kind.UNREACHABLE,
          uri,
          "no answer within " + RESPONSE_TIMEOUT.toSeconds() + " s",
          e);
    } catch (IOException e) {
      FetchException.Kind kind =
          hasCause(e, UnknownHostException.class)
                  || hasCause(e, UnresolvedAddressException.class)
                  || hasCause(e, ConnectException.class)
              ? FetchException.Kind.UNREACHABLE
              : FetchException.Kind.FAILED;
      throw new FetchException(kind, uri, describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(FetchException.Kind.FAILED, uri, "interrupted", e);
    }

    int status = response.statusCode();
    if (status / 100 != 2) {
      closeQuietly(response.body());
      FetchException.Kind kind =
          status == 404 || status == 410
              ? FetchException.Kind.NOT_FOUND
              : FetchException.Kind.FAILED;
      throw new FetchException(kind, uri, "HTTP " + status, null);
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    return new Opened(response.body(), length);
  }

  /**
   * The proxy a request to {@code uri} goes through ({@code host:port}), from https_proxy,
   * http_proxy and no_proxy; empty when it goes direct. Named in errors, so that a proxy that is
   * down is not mistaken for the mirror.
   */
  public static Optional<String> proxyFor(URI uri) {
    java.net.ProxySelector proxies = EnvProxySelector.fromEnvironment(System.getenv());
    if (proxies == null || uri.getScheme() == null || uri.getScheme().equals("file")) {
      return Optional.empty();
    }
    for (java.net.Proxy proxy : proxies.select(uri)) {
      if (proxy.type() == java.net.Proxy.Type.HTTP
          && proxy.address() instanceof java.net.InetSocketAddress address) {
        return Optional.of(address.getHostString() + ":" + address.getPort());
      }
    }
    return Optional.empty();
  }

  private synchronized HttpClient client() {
    if (http == null) {
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              // NORMAL never follows a redirect from https down to http.
              .followRedirects(HttpClient.Redirect.NORMAL);
      java.net.ProxySelector proxies = EnvProxySelector.fromEnvironment(System.getenv());
      if (proxies != null) {
        builder.proxy(proxies);
      }
      http = builder.build();
    }
    return http;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** A short cause for a one-line message: the innermost exception's text, or its type. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      // HttpClient wraps a refused connection as ConnectException over ClosedChannelException.
      if (root instanceof ConnectException) {
        break;
      }
      root = root.getCause();
    }
    String message = root.getMessage();
    if (root instanceof ConnectException) {
      return message == null || message.isBlank() ? "connection refused" : message;
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    return message;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      Log.debug("closing a response body: %s", e.getMessage());
    }
  }
}
