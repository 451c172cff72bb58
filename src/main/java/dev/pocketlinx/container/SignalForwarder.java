package dev.pocketlinx.container;

import dev.pocketlinx.log.Log;
import dev.pocketlinx.runtime.OciRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a container runs in the foreground, SIGINT and SIGTERM to plx go to the container's
 * process instead of ending plx (which would leave the container behind). A second one kills
 * the container, so a PID 1 that ignores signals can still be stopped with Ctrl-C twice.
 */
final class SignalForwarder implements AutoCloseable {

  private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

  private final OciRuntime runtime;
  private final String containerId;
  private final AtomicInteger received = new AtomicInteger();
  private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];

  SignalForwarder(OciRuntime runtime, String containerId) {
    this.runtime = runtime;
    this.containerId = containerId;
    for (int i = 0; i < SIGNALS.length; i++) {
      previous[i] = Signal.handle(new Signal(SIGNALS[i]), this::onSignal);
    }
  }

  private void onSignal(Signal signal) {
    int count = received.incrementAndGet();
    String name = count == 1 ? signal.getName() : "KILL";
    Log.debug("received SIG%s; sending SIG%s to container %s", signal.getName(), name, containerId);

    // The runtime is called from a thread of its own: a handler must not block the JVM's
    // signal dispatcher while another signal may follow.
    Thread sender = new Thread(() -> runtime.kill(containerId, name), "plx-signal");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void close() {
    for (int i = 0; i < SIGNALS.length; i++) {
      Signal.handle(new Signal(SIGNALS[i]), previous[i]);
    }
  }
}
