package dev.pocketlinx.container;

import java.util.List;

/**
 * What a user asked {@code plx run} for, before anything is resolved against the image.
 *
 * @param positional the image (optional) followed by the command and its arguments
 * @param entrypoint null keeps the image's; empty clears it
 * @param network "host" or "none"
 * @param storage "overlay", "copy", or null to choose by what the host offers
 * @param runtime the OCI runtime by name or path; null for runc
 * @param securityOptions Docker's {@code --security-opt} values, as given
 */
public record RunOptions(
    List<String> positional,
    List<String> env,
    List<String> envFiles,
    List<String> volumes,
    String workdir,
    String user,
    String hostname,
    boolean interactive,
    boolean tty,
    boolean init,
    boolean readOnly,
    String entrypoint,
    String network,
    String storage,
    String runtime,
    List<String> securityOptions) {

  public RunOptions {
    positional = List.copyOf(positional);
    env = List.copyOf(env);
    envFiles = List.copyOf(envFiles);
    volumes = List.copyOf(volumes);
    securityOptions = List.copyOf(securityOptions);
  }

  /** The same options with another storage. */
  public RunOptions withStorage(String newStorage) {
    return new RunOptions(
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
        newStorage,
        runtime,
        securityOptions);
  }
}
