package dev.pocketlinx.cli;

import dev.pocketlinx.alpine.SetupRequest;
import dev.pocketlinx.alpine.SetupResult;
import dev.pocketlinx.alpine.SetupService;
import dev.pocketlinx.image.ImageReference;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plx setup}: fetch and verify the Alpine minirootfs and register it as an image. */
@Command(
    name = "setup",
    description = {
      "Fetch Alpine Linux's minirootfs, verify its sha256, and register it as the images"
          + " alpine:<version>, alpine:<branch> and alpine:latest (for the newest stable"
          + " release, or when there is no alpine:latest yet).",
      "Running it again when the image is installed downloads nothing."
    })
public final class SetupCommand implements Callable<Integer> {

  @ParentCommand PlxCommand plx;

  @Spec CommandSpec spec;

  // Not the standard help mixin: its -V/--version would take the place of --version VERSION.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description =
          "Alpine release: a branch (3.20), a release (3.20.3), edge or latest-stable"
              + " (default: latest-stable).")
  String version;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description =
          "Architecture to fetch: x86_64, aarch64, armv7, x86, ppc64le, s390x or"
              + " riscv64 (default: this host's).")
  String arch;

  @Option(
      names = "--mirror",
      paramLabel = "URL|DIR",
      description =
          "Alpine mirror: an http(s) or file URL, or a directory with the same layout"
              + " (default: $PLX_ALPINE_MIRROR, else https://dl-cdn.alpinelinux.org/alpine).")
  String mirror;

  @Option(
      names = "--from",
      paramLabel = "FILE|URL",
      description =
          "Import this minirootfs tarball instead of using a mirror; it is verified"
              + " against FILE.sha256 when that exists.")
  String from;

  @Option(
      names = "--force",
      description = "Accept an image whose architecture differs from this host's.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    SetupService.requireRoot();
    SetupService service = new SetupService(plx.global.openStore());
    SetupResult result = service.setup(new SetupRequest(version, arch, mirror, from, force));

    String tags =
        result.tags().stream().map(ImageReference::toString).collect(Collectors.joining(" "));
    String line = tags + " " + result.layerDigest() + (result.upToDate() ? " (up to date)" : "");
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
