package dev.pocketlinx.cli;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.container.Storage;
import dev.pocketlinx.image.DamagedImageException;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.platform.HostInfo;
import dev.pocketlinx.runtime.OciRuntime;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plx info}: what plx finds on this host and in its store. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Show the host's kernel, overlayfs and cgroup support, the OCI runtime, "
            + "and the store.")
public final class InfoCommand implements Callable<Integer> {

  @ParentCommand PlxCommand plx;

  @Spec CommandSpec spec;

  @Option(
      names = "--runtime",
      paramLabel = "NAME|PATH",
      description = "OCI runtime to report on (default: runc).")
  String runtime;

  @Override
  public Integer call() throws PlxException {
    Optional<Store> existing = plx.global.openStoreIfExists();
    Path root = Store.resolveRoot(plx.global.root);
    PrintWriter out = spec.commandLine().getOut();
    out.println("plx:          " + VersionCommand.version());
    out.println("kernel:       " + HostInfo.kernelRelease());
    // OCI's name (images) and Alpine's (setup's --arch and messages), so both can be matched.
    out.println(
        "architecture: "
            + HostInfo.ociArchitecture()
            + " (Alpine: "
            + HostInfo.alpineArchitecture()
            + ")");
    out.println("overlayfs:    " + (HostInfo.overlaySupported() ? "supported" : "not supported"));
    out.println("cgroups:      " + HostInfo.cgroupMode());
    out.println(
        "running as:   "
            + (HostInfo.effectiveUid() == 0
                ? "root"
                : "uid " + HostInfo.effectiveUid() + " (plx run needs root)"));
    try {
      OciRuntime found = OciRuntime.locate(runtime, root.resolve("runtime"));
      out.println("runtime:      " + found.binary() + " (" + found.version() + ")");
    } catch (PlxException e) {
      out.println("runtime:      not found (" + e.getMessage() + ")");
    }
    if (existing.isEmpty()) {
      out.println("store:        " + root + " (not made yet; plx setup makes it)");
      out.println("images:       0");
      out.flush();
      return 0;
    }
    Store store = existing.get();
    out.println("store:        " + store.root());
    String storage = Storage.choose(null, store).name().toLowerCase(java.util.Locale.ROOT);
    out.println("storage:      " + storage);
    printImages(out, store);
    out.flush();
    return 0;
  }

  /**
   * The images in the order they were tagged, a damaged one marked as such. An index that cannot be
   * read is reported here, as everything else is, rather than failing the whole report.
   */
  private static void printImages(PrintWriter out, Store store) {
    ImageStore images = new ImageStore(store);
    List<ImageStore.IndexEntry> entries;
    try {
      entries = images.references();
    } catch (ImageStore.CorruptIndexException e) {
      out.println("images:       index.json is corrupt; run plx setup to set it aside");
      return;
    } catch (IOException e) {
      out.println("images:       cannot read index.json (" + e.getMessage() + ")");
      return;
    }
    out.println("images:       " + entries.size());
    for (ImageStore.IndexEntry entry : entries) {
      String id;
      try {
        id = images.load(entry.reference(), entry.manifestDigest()).id().shortHex();
      } catch (DamagedImageException e) {
        id = "damaged (plx images says why)";
      }
      out.println("  " + entry.reference() + " " + id);
    }
  }
}
