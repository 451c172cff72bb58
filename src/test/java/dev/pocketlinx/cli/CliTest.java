package dev.pocketlinx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"setup", "run", "images", "info", "version"})
  void help_everySubcommand_printsUsageAndExitsZero(String command) {
    assertEquals(0, execute(command, "--help"));
    assertTrue(out.toString().startsWith("Usage: plx " + command), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void noArguments_printsUsageWithEveryCommand() {
    assertEquals(0, execute());
    for (String command : new String[] {"setup", "run", "images", "info", "version"}) {
      assertTrue(out.toString().contains("  " + command), command + " missing: " + out);
    }
  }

  @Test
  void version_printsPlxVersion() {
    assertEquals(0, execute("version"));
    assertTrue(out.toString().matches("(?s)plx \\d+\\.\\d+\\.\\d+.*"), out.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run --bogus true", "setup --nope", "images --format", "frobnicate"})
  void badInput_exits125WithOneLine(String line) {
    assertEquals(125, execute(line.split(" ")));
    String text = err.toString();
    assertTrue(text.startsWith("plx: "), text);
    assertEquals(1, text.lines().count(), text);
  }

  @Test
  void imagesAndInfo_storeNotMadeYet_listNothingAndCreateNothing(@TempDir Path temp) {
    Path root = temp.resolve("no-store-yet");

    assertEquals(0, execute("--root", root.toString(), "images"));
    assertEquals(0, execute("--root", root.toString(), "info"));

    assertTrue(out.toString().startsWith("REFERENCE"), out.toString());
    assertTrue(out.toString().contains("not made yet"), out.toString());
    assertFalse(Files.exists(root), "looking made a store at " + root);
  }

  @Test
  void info_corruptIndex_isReportedInItsOutputAndExitsZero(@TempDir Path root) throws Exception {
    assertEquals(0, execute("--root", root.toString(), "images"));
    Files.writeString(root.resolve("index.json"), "{\"manifests\": [");
    out.getBuffer().setLength(0);

    int exit = execute("--root", root.toString(), "info");

    assertEquals(0, exit, err.toString());
    assertTrue(
        out.toString().contains("images:       index.json is corrupt; run plx setup"),
        out.toString());
    assertTrue(out.toString().contains("store:        " + root), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void emptyRoot_exits125WithOneLine() {
    assertEquals(125, execute("--root", "", "images"));
    assertTrue(err.toString().startsWith("plx: --root is empty"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void badLogLevel_exits125NamingTheLevels() {
    assertEquals(125, execute("--log-level", "loud", "version"));
    assertTrue(err.toString().contains("error, warn, info or debug"), err.toString());
  }

  /** A log level that is also a command's name is the level, not the command. */
  @Test
  void logLevelNamedLikeACommand_isTheLevel(@TempDir Path root) {
    assertEquals(0, execute("--root", root.toString(), "--log-level", "info", "images"));
    assertEquals("", err.toString());
  }
}
