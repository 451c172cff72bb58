package dev.pocketlinx.container;

import dev.pocketlinx.store.Store;

/** Removes what a killed plx left behind. */
public final class Reaper {
  private Reaper() {}

  public static void reap(Store store) {}
}
