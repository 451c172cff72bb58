package dev.pocketlinx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pocketlinx.container.RunOptions;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The fast parser must read every run line it accepts exactly as picocli does. */
class FastRunTest {

  /** What picocli makes of a line: the same record the fast path builds. */
  private static RunOptions viaPicocli(String... args) {
    CommandLine commandLine = Main.newCommandLine();
    CommandLine.ParseResult result = commandLine.parseArgs(args);
    RunCommand run = (RunCommand) result.subcommand().commandSpec().userObject();
    return new RunOptions(
        run.positional,
        run.env,
        run.envFiles,
        run.volumes,
        run.workdir,
        run.user,
        run.hostname,
        run.interactive,
        run.tty,
        run.init,
        run.readOnly,
        run.entrypoint,
        run.network,
        run.storage,
        run.runtime,
        run.securityOptions);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run uname -a",
        "run alpine:3.19 cat /etc/alpine-release",
        "run -e A=1 -e B --env=C=3 -eD=4 sh -c echo",
        "run -v /tmp:/t:ro --volume=.:/src -w /src -u 1000:1000 ls -l",
        "run -it --init --read-only --rm --hostname h --network none --storage copy sh",
        "run --entrypoint= --runtime runc --env-file f alpine",
        "run --security-opt seccomp=unconfined unshare -U true",
        "run --security-opt=seccomp=unconfined --security-opt apparmor=x sh",
        "run -ti sh",
        "run -- -weird",
        "run sh -c -e -v",
        "run",
      })
  void parse_acceptedLine_matchesPicocli(String line) {
    String[] args = line.split(" ");
    Optional<FastRun.Parsed> fast = FastRun.parse(args);
    assertTrue(fast.isPresent(), line);
    assertEquals(viaPicocli(args), fast.get().options(), line);
  }

  @Test
  void parse_globalOptions_beforeAndAfterRun() {
    FastRun.Parsed before =
        FastRun.parse(new String[] {"--root", "/s", "--log-level=debug", "run", "true"})
            .orElseThrow();
    assertEquals("/s", before.root().toString());
    assertEquals("debug", before.logLevel());
    FastRun.Parsed after =
        FastRun.parse(new String[] {"run", "--root=/t", "--log-level", "info", "true"})
            .orElseThrow();
    assertEquals("/t", after.root().toString());
    assertEquals("info", after.logLevel());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run --help",
        "run -h",
        "run --bogus x",
        "run -e",
        "run --security-opt",
        "run -w /a -w /b true",
        "run -ii true",
        "run -i -i true",
        "run -it -t true",
        "run --rm --rm true",
        "images",
        "--root",
        "version",
        "run -x true",
        "run --init=yes true"
      })
  void parse_lineItCannotFullyRead_isLeftToPicocli(String line) {
    assertTrue(FastRun.parse(line.split(" ")).isEmpty(), line);
  }

  @Test
  void optionTables_coverEveryPicocliRunOption() {
    CommandLine run = Main.newCommandLine().getSubcommands().get("run");
    Set<String> known = new HashSet<>(FastRun.VALUE_OPTIONS.keySet());
    known.addAll(FastRun.FLAG_OPTIONS.keySet());
    for (OptionSpec option : run.getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      boolean takesValue = option.arity().max() > 0;
      for (String name : option.names()) {
        assertTrue(known.contains(name), "fast path does not know " + name);
        assertEquals(takesValue, FastRun.VALUE_OPTIONS.containsKey(name), name);
      }
    }
  }
}
