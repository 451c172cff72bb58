package dev.pocketlinx.alpine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvProxySelectorTest {

  private static final Map<String, String> ENV =
      Map.of(
          "https_proxy", "http://proxy.example:3128",
          "HTTP_PROXY", "plain.example:8080",
          "no_proxy", "localhost, .internal.example,127.0.0.1");

  private static Proxy via(String host, int port) {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  @Test
  void fromEnvironment_noProxyVariables_isNull() {
    assertNull(EnvProxySelector.fromEnvironment(Map.of("no_proxy", "x")));
  }

  @ParameterizedTest
  @CsvSource({
    "https://dl-cdn.alpinelinux.org/alpine, proxy.example, 3128",
    "http://mirror.example/alpine,          plain.example, 8080",
  })
  void select_schemeProxy_isUsed(String uri, String host, int port) {
    List<Proxy> proxies = EnvProxySelector.fromEnvironment(ENV).select(URI.create(uri));

    assertEquals(List.of(via(host, port)), proxies);
  }

  @ParameterizedTest
  @CsvSource({
    "http://localhost:8080/a",
    "https://mirror.internal.example/a",
    "https://internal.example/a",
    "http://127.0.0.1/a",
    "file:///srv/mirror",
  })
  void select_hostsNoProxyNamesOrOtherSchemes_goDirect(String uri) {
    assertEquals(
        List.of(Proxy.NO_PROXY), EnvProxySelector.fromEnvironment(ENV).select(URI.create(uri)));
  }

  @Test
  void select_noProxyStar_bypassesEverything() {
    Map<String, String> env = Map.of("https_proxy", "http://p:1", "NO_PROXY", "*");

    assertEquals(
        List.of(Proxy.NO_PROXY),
        EnvProxySelector.fromEnvironment(env).select(URI.create("https://a.example/")));
  }
}
