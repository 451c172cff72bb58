package dev.pocketlinx.cli;

import dev.pocketlinx.PlxException;
import dev.pocketlinx.container.Reaper;
import dev.pocketlinx.log.Log;
import dev.pocketlinx.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes: where the store is and how much to say. */
public final class GlobalOptions {

  @Option(
      names = "--root",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Store directory (default: $PLX_ROOT, else /var/lib/pocketlinx).")
  Path root;

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "LEVEL",
      description = "error, warn (default), info or debug.",
      converter = LevelConverter.class)
  void logLevel(Log.Level level) {
    Log.setLevel(level);
  }

  /** Reads a level, so that a wrong one is reported as picocli reports any bad value. */
  static final class LevelConverter implements picocli.CommandLine.ITypeConverter<Log.Level> {
    @Override
    public Log.Level convert(String value) {
      try {
        return Log.Level.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * Opens the store for a command and first removes what a killed plx left behind (DESIGN.md,
   * decision 4): every command that opens the store does this.
   */
  Store openStore() throws PlxException {
    return openStore(root);
  }

  /**
   * The store for a command that only reads it: none when it has not been made yet, so that looking
   * does not create one.
   */
  java.util.Optional<Store> openStoreIfExists() throws PlxException {
    if (!java.nio.file.Files.isDirectory(Store.resolveRoot(root))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(openStore(root));
  }

  static Store openStore(Path root) throws PlxException {
    Store store = Store.open(Store.resolveRoot(root));
    Log.debug("store %s", store.root());
    Reaper.reap(store);
    return store;
  }
}
