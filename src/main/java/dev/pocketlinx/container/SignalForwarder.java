package dev.pocketlinx.container;

import dev.pocketlinx.log.Log;
import dev.pocketlinx.runtime.OciRuntime;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * From the moment {@code plx run} starts until the container is gone, SIGINT, SIGTERM and SIGHUP to
 * plx no longer end the JVM (which would leave the container behind). Before the runtime starts, a
 * signal is only recorded, and the run stops before starting anything. After, it goes to the
 * container's process; a second one kills the container, so a PID 1 that ignores signals can still
 * be stopped with Ctrl-C twice.
 *
 * <p>Java 17 has no public API for handling signals; {@code sun.misc.Signal} (module
 * jdk.unsupported) is the one every JDK since 1.2 keeps for exactly this use.
 */
final class SignalForwarder implements AutoCloseable {

  /** Signals that stop the container: forwarded once, then escalated to SIGKILL. */
  private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

  /** Signals that are only passed on: they would otherwise end plx, not the container. */
  private static final String[] PASSED_ON = {"USR1"};

  /** How long a signal that came while the runtime was starting keeps being retried. */
  private static final long RETRY_MILLIS = 3000;

  private final OciRuntime runtime;
  private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
  private final SignalHandler[] previousPassedOn = new SignalHandler[PASSED_ON.length];
  private int received;
  private int firstSignal;
  private String containerId;
  private java.lang.Process process;

  SignalForwarder(OciRuntime runtime) {
    this.runtime = runtime;
    // Handlers as classes, not method references: no lambda needs bootstrapping at start-up.
    SignalHandler forward = new Forward();
    for (int i = 0; i < SIGNALS.length; i++) {
      previous[i] = Signal.handle(new Signal(SIGNALS[i]), forward);
    }
    SignalHandler passOn = new PassOn();
    for (int i = 0; i < PASSED_ON.length; i++) {
      previousPassedOn[i] = Signal.handle(new Signal(PASSED_ON[i]), passOn);
    }
  }

  private final class Forward implements SignalHandler {
    @Override
    public void handle(Signal signal) {
      onSignal(signal);
    }
  }

  private final class PassOn implements SignalHandler {
    @Override
    public void handle(Signal signal) {
      passOn(signal);
    }
  }

  private synchronized void passOn(Signal signal) {
    if (containerId != null) {
      send(signal.getName());
    }
  }

  /** The number of the first signal received, or 0. */
  synchronized int firstSignal() {
    return firstSignal;
  }

  /** The runtime now runs the container: forward what came meanwhile, and all that follows. */
  synchronized void attach(String id, java.lang.Process started) {
    this.containerId = id;
    this.process = started;
    if (received > 0) {
      send(received == 1 ? signalName(firstSignal) : "KILL");
    }
  }

  private synchronized void onSignal(Signal signal) {
    received++;
    if (received == 1) {
      firstSignal = signal.getNumber();
    }
    Log.debug("received SIG%s", signal.getName());
    if (containerId != null) {
      send(received == 1 ? signal.getName() : "KILL");
    }
  }

  /**
   * Sends from a thread of its own: a handler must not block the JVM's signal dispatcher, and a
   * container the runtime is still creating refuses signals for a moment, so the send is retried
   * while the runtime lives.
   */
  private void send(String name) {
    String id = containerId;
    java.lang.Process target = process;
    Thread sender =
        new Thread(
            () -> {
              long deadline = System.currentTimeMillis() + RETRY_MILLIS;
              while (!runtime.kill(id, name)
                  && target.isAlive()
                  && System.currentTimeMillis() < deadline) {
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
              Log.debug("sent SIG%s to container %s", name, id);
            },
            "plx-signal");
    sender.setDaemon(true);
    sender.start();
  }

  private static String signalName(int number) {
    return switch (number) {
      case 1 -> "HUP";
      case 2 -> "INT";
      default -> "TERM";
    };
  }

  @Override
  public void close() {
    for (int i = 0; i < SIGNALS.length; i++) {
      Signal.handle(new Signal(SIGNALS[i]), previous[i]);
    }
    for (int i = 0; i < PASSED_ON.length; i++) {
      Signal.handle(new Signal(PASSED_ON[i]), previousPassedOn[i]);
    }
  }
}
