package dev.pocketlinx.container;

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

    // The user: a passwd entry by name or uid, or a bare number.
    Optional<String[]> entry = passwd.stream()
        .filter(f -> f.length >= 6 && (f[0].equals(userPart) || f[2].equals(userPart)))
        .findFirst();
    long uid;
    long gid;
    String home;
    String name;
    if (entry.isPresent()) {
      uid = parseId(entry.get()[2], spec);
      gid = parseId(entry.get()[3], spec);
      home = entry.get()[5].isEmpty() ? "/" : entry.get()[5];
      name = entry.get()[0];
    } else if (isNumber(userPart)) {
      uid = parseId(userPart, spec);
      gid = 0;
      home = "/";
      name = null;
    } else {
      throw new PlxException("user '" + userPart + "' is not in the image's /etc/passwd; "
          + "give a numeric uid or a user the image has");
    }

    // The group: by name or gid, or a bare number.
    if (groupPart != null && !groupPart.isEmpty()) {
      String wanted = groupPart;
      Optional<String[]> group = groups.stream()
          .filter(f -> f.length >= 3 && (f[0].equals(wanted) || f[2].equals(wanted)))
          .findFirst();
      if (group.isPresent()) {
        gid = parseId(group.get()[2], spec);
      } else if (isNumber(wanted)) {
        gid = parseId(wanted, spec);
      } else {
        throw new PlxException("group '" + wanted + "' is not in the image's /etc/group; "
            + "give a numeric gid or a group the image has");
      }
    }

    // Supplementary groups: every group that lists the user as a member.
    List<Long> additional = new ArrayList<>();
    if (name != null) {
      for (String[] group : groups) {
        if (group.length >= 4 && List.of(group[3].split(",")).contains(name)) {
          long id = parseId(group[2], spec);
          if (id != gid && !additional.contains(id)) {
            additional.add(id);
          }
        }
      }
    }
    return new Resolved(new Process.User(uid, gid, additional), home);
  }

  private static List<String[]> table(ImageFiles files, String path) {
    List<String[]> rows = new ArrayList<>();
    files.readString(path).ifPresent(text -> text.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(line -> rows.add(line.split(":", -1))));
    return rows;
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
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
