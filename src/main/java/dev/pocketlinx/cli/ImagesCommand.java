package dev.pocketlinx.cli;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.image.DamagedImageException;
import dev.pocketlinx.image.Image;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plx images}: the image references in the store. */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    description = "List images: reference, id, size of the compressed layers, created.")
public final class ImagesCommand implements Callable<Integer> {

  @ParentCommand PlxCommand plx;

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "table|json",
      defaultValue = "table",
      description = "Output as a table (default) or as JSON, one array.")
  String format;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image ids.")
  boolean quiet;

  @Override
  public Integer call() throws PlxException {
    List<Image> images = List.of();
    Optional<Store> store = plx.global.openStoreIfExists();
    try {
      if (store.isPresent()) {
        ImageStore.Listing listing = new ImageStore(store.get()).list();
        images = listing.images();
        // A damaged image is left out of the list, said once on stderr, and the others shown.
        for (DamagedImageException damaged : listing.damaged()) {
          Log.warn("%s", damaged.getMessage());
        }
      }
    } catch (IOException e) {
      throw ImageStore.failure(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (quiet) {
      images.stream().map(i -> i.id().shortHex()).distinct().forEach(out::println);
    } else if (format.equals("json")) {
      List<Object> rows = new ArrayList<>();
      for (Image image : images) {
        rows.add(
            Json.object(
                "reference", image.reference().toString(),
                "id", image.id().toString(),
                "manifest", image.manifestDigest().toString(),
                "size", image.size(),
                "created", image.config().created()));
      }
      out.println(Json.write(rows));
    } else if (format.equals("table")) {
      String row = "%-24s %-14s %10s  %s%n";
      out.printf(Locale.ROOT, row, "REFERENCE", "ID", "SIZE", "CREATED");
      for (Image image : images) {
        out.printf(
            Locale.ROOT,
            row,
            image.reference(),
            image.id().shortHex(),
            humanSize(image.size()),
            image.config().created() == null ? "-" : image.config().created());
      }
    } else {
      throw new PlxException("unknown format '" + format + "'; use table or json");
    }
    out.flush();
    return 0;
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
