package dev.pocketlinx.cli;

import dev.pocketlinx.container.RunOptions;
import dev.pocketlinx.container.RunService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plx run}: run a command in a new, throw-away container. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command in a new, isolated, throw-away container.",
      "",
      "The first word is the image when the store has an image by that name, or when it names "
          + "one by tag, digest or registry (alpine:3.19); otherwise it is the command, run in "
          + "alpine:latest. Options go before the image or command; everything after belongs to "
          + "the command."
    })
public final class RunCommand implements Callable<Integer> {

  @ParentCommand PlxCommand plx;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "KEY[=VALUE]",
      description = "Set an environment variable; KEY alone takes the host's value.")
  List<String> env = new ArrayList<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read KEY=VALUE lines from a file.")
  List<String> envFiles = new ArrayList<>();

  @Option(
      names = {"-v", "--volume"},
      paramLabel = "HOST:CONTAINER[:ro]",
      description = "Bind-mount a host path (relative paths are from here); :ro for read-only.")
  List<String> volumes = new ArrayList<>();

  @Option(
      names = {"-w", "--workdir"},
      paramLabel = "DIR",
      description = "Working directory inside the container.")
  String workdir;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "USER[:GROUP]",
      description = "User (name or uid) and group to run as.")
  String user;

  @Option(
      names = "--hostname",
      paramLabel = "NAME",
      description = "Host name inside the container (default: the short container id).")
  String hostname;

  @Option(
      names = {"-i", "--interactive"},
      description = "Attach stdin.")
  boolean interactive;

  @Option(
      names = {"-t", "--tty"},
      description = "Give the command a terminal.")
  boolean tty;

  @Option(
      names = "--init",
      description = "Run a small init (catatonit or tini) as PID 1 in front of the command.")
  boolean init;

  @Option(names = "--read-only", description = "Mount the root file system read-only.")
  boolean readOnly;

  @Option(
      names = "--entrypoint",
      paramLabel = "CMD",
      description = "Replace the image's entrypoint (\"\" clears it).")
  String entrypoint;

  @Option(
      names = "--rm",
      description = "Remove the container when it exits (always the case for now).")
  boolean remove;

  @Option(
      names = "--network",
      paramLabel = "MODE",
      defaultValue = "host",
      description = "host (default: the host's network) or none (only lo).")
  String network;

  @Option(
      names = "--storage",
      paramLabel = "overlay|copy",
      description = "Copy-on-write overlay (default where available) or a full copy.")
  String storage;

  @Option(
      names = "--runtime",
      paramLabel = "NAME|PATH",
      description = "OCI runtime to use (default: runc).")
  String runtime;

  @Option(
      names = "--security-opt",
      paramLabel = "OPT",
      description = "seccomp=unconfined: run without the default seccomp profile.")
  List<String> securityOptions = new ArrayList<>();

  @Parameters(
      paramLabel = "[IMAGE] COMMAND [ARG...]",
      arity = "0..*",
      description = "Image (optional) and the command with its arguments.")
  List<String> positional = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    RunOptions options =
        new RunOptions(
            positional,
            env,
            envFiles,
            volumes,
            workdir,
            user,
            hostname,
            interactive,
            tty,
            init,
            readOnly,
            entrypoint,
            network,
            storage,
            runtime,
            securityOptions);
    return new RunService(plx.global.openStore()).run(options);
  }
}
