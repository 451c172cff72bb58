package dev.pocketlinx.container;

import dev.pocketlinx.bundle.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * /etc/hosts, /etc/hostname and /etc/resolv.conf for a container: written into its directory and
 * bind-mounted, so the image's own files stay untouched.
 */
final class EtcFiles {

  private EtcFiles() {}

  static List<Spec.Mount> write(ContainerDir dir, String hostname, boolean isolatedNetwork)
      throws IOException {
    Path etc = Files.createDirectories(dir.etc());
    String hosts =
        "127.0.0.1\tlocalhost\n"
            + "::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "127.0.1.1\t"
            + hostname
            + "\n";
    Files.writeString(etc.resolve("hosts"), hosts);
    Files.writeString(etc.resolve("hostname"), hostname + "\n");
    Files.writeString(etc.resolve("resolv.conf"), resolvConf(isolatedNetwork));

    List<Spec.Mount> mounts = new ArrayList<>();
    for (String name : List.of("hosts", "hostname", "resolv.conf")) {
      mounts.add(Spec.Mount.bind(etc.resolve(name).toString(), "/etc/" + name, false));
    }
    return mounts;
  }

  /** The host's resolver configuration; with no network of its own, nothing to resolve with. */
  private static String resolvConf(boolean isolatedNetwork) {
    if (isolatedNetwork) {
      return "";
    }
    try {
      return Files.readString(Path.of("/etc/resolv.conf"));
    } catch (IOException e) {
      return "";
    }
  }
}
