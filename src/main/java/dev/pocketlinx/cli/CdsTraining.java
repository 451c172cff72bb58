package dev.pocketlinx.cli;

import dev.pocketlinx.image.Descriptor;
import dev.pocketlinx.image.Digest;
import dev.pocketlinx.image.ImageConfig;
import dev.pocketlinx.image.ImageReference;
import dev.pocketlinx.image.ImageStore;
import dev.pocketlinx.image.Manifest;
import dev.pocketlinx.image.MediaTypes;
import dev.pocketlinx.json.Json;
import dev.pocketlinx.store.FileTrees;
import dev.pocketlinx.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run the {@code ./plx} launcher records its class-data-sharing archive from: a {@code plx run}
 * through every step, in a scratch store with an empty one-layer image. The command is a host
 * program on a read-only volume; it cannot start in an empty root, so the run also takes the
 * runtime-error path. Nothing outside the scratch store is written.
 */
public final class CdsTraining {

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("plx-cds-");
    try {
      Store store = Store.open(scratch.resolve("store"));
      byte[] empty = new byte[0];
      Digest diffId = Digest.of(empty);
      // Just enough of a root for the run to take its usual path: a user database and a
      // "shell" that is found and executable (and then fails to start, being empty).
      Path layer = Files.createDirectories(store.layerPath(diffId));
      Files.createDirectories(layer.resolve("etc"));
      Files.createDirectories(layer.resolve("bin"));
      Files.writeString(layer.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
      Files.writeString(layer.resolve("etc/group"), "root:x:0:root\n");
      Path shell = Files.writeString(layer.resolve("bin/sh"), "");
      shell.toFile().setExecutable(true);
      ImageConfig config =
          new ImageConfig(
              null,
              "amd64",
              "linux",
              new ImageConfig.Config(null, List.of("PATH=/bin"), null, List.of("/bin/sh"), null),
              List.of(diffId));
      byte[] configJson = Json.write(config).getBytes(StandardCharsets.UTF_8);
      Descriptor configDescriptor =
          new Descriptor(MediaTypes.CONFIG, store.writeBlob(configJson), configJson.length);
      Manifest manifest =
          new Manifest(configDescriptor, List.of(new Descriptor(MediaTypes.LAYER_TAR, diffId, 0)));
      byte[] manifestJson = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
      Descriptor manifestDescriptor =
          new Descriptor(MediaTypes.MANIFEST, store.writeBlob(manifestJson), manifestJson.length);
      new ImageStore(store).tagLocked(ImageReference.parse("alpine:latest"), manifestDescriptor);

      // The same entry as a user's command line, so the fast parser is recorded too; the run
      // fails at the runtime (the shell is empty) and takes the error path as well.
      Main.execute(
          "--root",
          store.root().toString(),
          "run",
          "-e",
          "A=1",
          "-v",
          "/usr/bin:/host:ro",
          "-w",
          "/",
          "-u",
          "root",
          "sh",
          "-c",
          "true");
    } finally {
      FileTrees.deleteRecursively(scratch);
    }
  }
}
