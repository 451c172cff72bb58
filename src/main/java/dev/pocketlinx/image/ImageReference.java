package dev.pocketlinx.image;

import java.util.Locale;

/**
 * An image reference in the docker grammar: {@code [registry/]repository[:tag][@digest]}. {@code
 * alpine} means {@code docker.io/library/alpine:latest}. Validated when made.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  public static final String DEFAULT_REGISTRY = "docker.io";
  public static final String DEFAULT_TAG = "latest";

  /** The longest name, registry and repository together, the docker grammar allows. */
  static final int NAME_MAX = 255;

  public ImageReference {
    if (!ReferenceGrammar.isRegistry(registry)) {
      throw new IllegalArgumentException("invalid registry '" + registry + "'");
    }
    for (String component : repository.split("/", -1)) {
      if (!ReferenceGrammar.isComponent(component)) {
        throw new IllegalArgumentException(
            "invalid repository name '" + repository + "' (lower-case letters, digits, . _ -)");
      }
    }
    // As in the docker grammar: the name (registry and repository) is at most 255 characters.
    if (registry.length() + 1 + repository.length() > NAME_MAX) {
      throw new IllegalArgumentException(
          "image name '"
              + registry
              + "/"
              + repository
              + "' is longer than "
              + NAME_MAX
              + " characters");
    }
    if (tag != null && !ReferenceGrammar.isTag(tag)) {
      throw new IllegalArgumentException("invalid tag '" + tag + "'");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
  }

  /** Parses a reference; throws {@link IllegalArgumentException} naming what is wrong. */
  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty image reference");
    }
    if (text.length() > 1024) {
      throw new IllegalArgumentException("image reference is too long");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }

    // A tag follows the last colon, unless that colon belongs to a registry's port.
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }

    String registry = DEFAULT_REGISTRY;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".")
          || first.contains(":")
          || first.equals("localhost")
          || !first.equals(first.toLowerCase(Locale.ROOT))) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    if (registry.equals(DEFAULT_REGISTRY) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** The same repository with another tag. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  /** The full name, as stored: {@code docker.io/library/alpine:3.20}. */
  public String canonical() {
    StringBuilder out = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }

  /** The repository as users write it: {@code alpine}, {@code quay.io/x/y}. */
  public String familiarRepository() {
    if (registry.equals(DEFAULT_REGISTRY)) {
      return repository.startsWith("library/") ? repository.substring(8) : repository;
    }
    return registry + "/" + repository;
  }

  /** The short form users write: {@code alpine:3.20}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(familiarRepository());
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }
}
