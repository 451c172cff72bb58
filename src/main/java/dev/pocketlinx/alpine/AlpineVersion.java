package dev.pocketlinx.alpine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code plx setup --version} asked for: a branch of the mirror ({@code latest-stable}, {@code
 * v3.20}, {@code edge}) and, when a full version was given, the exact release wanted.
 */
public record AlpineVersion(String branch, String exactVersion) {

  public static final String LATEST_STABLE = "latest-stable";
  public static final String EDGE = "edge";

  private static final Pattern BRANCH = Pattern.compile("v?(\\d+)\\.(\\d+)");
  private static final Pattern RELEASE = Pattern.compile("v?((\\d+)\\.(\\d+)\\.\\d+)");

  /** Maps {@code --version}: none or latest-stable, edge, {@code 3.19}, or {@code 3.19.4}. */
  public static AlpineVersion parse(String text) {
    if (text == null || text.isBlank() || text.equals(LATEST_STABLE)) {
      return new AlpineVersion(LATEST_STABLE, null);
    }
    if (text.equals(EDGE)) {
      return new AlpineVersion(EDGE, null);
    }
    Matcher branch = BRANCH.matcher(text);
    if (branch.matches()) {
      return new AlpineVersion("v" + branch.group(1) + "." + branch.group(2), null);
    }
    Matcher release = RELEASE.matcher(text);
    if (release.matches()) {
      return new AlpineVersion("v" + release.group(2) + "." + release.group(3), release.group(1));
    }
    throw new IllegalArgumentException(
        "unknown Alpine version '" + text + "'; use 3.20, 3.20.3, edge or latest-stable");
  }

  public boolean isLatestStable() {
    return branch.equals(LATEST_STABLE);
  }

  /** The tag a branch gives an image: {@code 3.20} for v3.20, {@code edge} for edge. */
  public static String branchTag(String branch) {
    return branch.startsWith("v") ? branch.substring(1) : branch;
  }

  /** The branch tag of a release version, {@code 3.20} for {@code 3.20.3}; null if not x.y.z. */
  public static String branchTagOfRelease(String version) {
    Matcher release = RELEASE.matcher(version);
    return release.matches() ? release.group(2) + "." + release.group(3) : null;
  }
}
