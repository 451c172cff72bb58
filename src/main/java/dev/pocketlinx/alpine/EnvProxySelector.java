package dev.pocketlinx.alpine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxies a shell user expects to be used: {@code https_proxy} for https, {@code http_proxy}
 * for http (either case), except for the hosts {@code no_proxy} names, as curl and wget read them.
 * Java's HTTP client reads none of these by itself.
 */
final class EnvProxySelector extends ProxySelector {

  private final Map<String, String> env;

  EnvProxySelector(Map<String, String> env) {
    this.env = env;
  }

  /** A selector when the environment names a proxy; null when it names none. */
  static ProxySelector fromEnvironment(Map<String, String> env) {
    EnvProxySelector selector = new EnvProxySelector(env);
    boolean any =
        selector.variable("https_proxy") != null || selector.variable("http_proxy") != null;
    return any ? selector : null;
  }

  @Override
  public List<Proxy> select(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String setting =
        scheme.equals("https")
            ? variable("https_proxy")
            : scheme.equals("http") ? variable("http_proxy") : null;
    if (setting == null || setting.isBlank() || bypassed(uri.getHost())) {
      return List.of(Proxy.NO_PROXY);
    }
    URI proxy = URI.create(setting.contains("://") ? setting : "http://" + setting);
    if (proxy.getHost() == null) {
      return List.of(Proxy.NO_PROXY);
    }
    int port = proxy.getPort() > 0 ? proxy.getPort() : 80;
    return List.of(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException e) {
    // The request fails with its own error; there is no other proxy to try.
  }

  private boolean bypassed(String host) {
    String noProxy = variable("no_proxy");
    if (host == null || noProxy == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy.split(",")) {
      String pattern = entry.strip().toLowerCase(Locale.ROOT);
      if (pattern.equals("*")) {
        return true;
      }
      if (pattern.startsWith(".")) {
        pattern = pattern.substring(1);
      }
      if (!pattern.isEmpty() && (name.equals(pattern) || name.endsWith("." + pattern))) {
        return true;
      }
    }
    return false;
  }

  private String variable(String lowerCaseName) {
    String value = env.get(lowerCaseName);
    return value != null ? value : env.get(lowerCaseName.toUpperCase(Locale.ROOT));
  }
}
