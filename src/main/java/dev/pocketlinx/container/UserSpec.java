package dev.pocketlinx.container;

import dev.pocketlinx.Ascii;
import dev.pocketlinx.PlxException;
import dev.pocketlinx.bundle.Process;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code -u} or the image's User ({@code name|uid[:group|gid]}) against the image's
 * /etc/passwd and /etc/group, as Docker does: an unknown numeric uid runs with gid 0 and home /.
 */
public final class UserSpec {

  /** The resolved user: ids for the spec and the home directory for HOME. */
  public record Resolved(Process.User user, String home) {}

  private UserSpec() {}

  public static Resolved resolve(String requested, ImageFiles files) throws PlxException {
    String spec = requested == null || requested.isBlank() ? "0" : requested;
    int colon = spec.indexOf(':');
    String userPart = colon >= 0 ? spec.substring(0, colon) : spec;
    String groupPart = colon >= 0 ? spec.substring(colon + 1) : null;
    List<String[]> passwd = table(files, "/etc/passwd");
    List<String[]> groups = table(files, "/etc/group");

    if (userPart.isEmpty()) {
      throw new PlxException(
          "-u '" + spec + "' names no user; give USER[:GROUP], by name or number, as in -u 1000");
    }

    // The user: a passwd entry by name or uid, or a bare number.
    Optional<String[]> entry = findRow(passwd, 6, userPart);
    long uid;
    long gid;
    String home;
    String name;
    if (entry.isPresent()) {
      uid = parseId(entry.get()[2], spec);
      gid = parseId(entry.get()[3], spec);
      home = entry.get()[5].isEmpty() ? "/" : entry.get()[5];
      name = entry.get()[0];
    } else if (Ascii.isDigits(userPart)) {
      uid = parseId(userPart, spec);
      gid = 0;
      home = "/";
      name = null;
    } else {
      throw new PlxException(
          "user '"
              + userPart
              + "' is not in the image's /etc/passwd; "
              + "give a numeric uid or a user the image has");
    }

    // The group: by name or gid, or a bare number.
    if (groupPart != null && !groupPart.isEmpty()) {
      String wanted = groupPart;
      Optional<String[]> group = findRow(groups, 3, wanted);
      if (group.isPresent()) {
        gid = parseId(group.get()[2], spec);
      } else if (Ascii.isDigits(wanted)) {
        gid = parseId(wanted, spec);
      } else {
        throw new PlxException(
            "group '"
                + wanted
                + "' is not in the image's /etc/group; "
                + "give a numeric gid or a group the image has");
      }
    }

    // Supplementary groups: every group that lists the user as a member.
    List<Long> additional = new ArrayList<>();
    if (name != null) {
      for (String[] group : groups) {
        if (group.length >= 4 && isMember(group[3], name)) {
          long id = parseId(group[2], spec);
          if (id != gid && !additional.contains(id)) {
            additional.add(id);
          }
        }
      }
    }
    return new Resolved(new Process.User(uid, gid, additional), home);
  }

  /** The rows of a passwd-style file, split on ':'; none when the image lacks it. */
  private static List<String[]> table(ImageFiles files, String path) {
    List<String[]> rows = new ArrayList<>();
    Optional<String> text = files.readString(path);
    if (text.isPresent()) {
      for (String line : text.get().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split(":", -1));
        }
      }
    }
    return rows;
  }

  /** The first row whose name (field 0) or id (field 2) is {@code key}. */
  private static Optional<String[]> findRow(List<String[]> rows, int minFields, String key) {
    for (String[] row : rows) {
      if (row.length >= minFields && (row[0].equals(key) || row[2].equals(key))) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  private static boolean isMember(String members, String name) {
    for (String member : members.split(",")) {
      if (member.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static long parseId(String text, String spec) throws PlxException {
    try {
      long id = Long.parseLong(text);
      if (id < 0 || id > 0xFFFFFFFEL) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new PlxException("invalid user '" + spec + "': '" + text + "' is not a valid id");
    }
  }
}
