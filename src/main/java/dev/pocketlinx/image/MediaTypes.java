package dev.pocketlinx.image;

/** OCI image-spec media types plx writes and reads. */
public final class MediaTypes {
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

  /** The annotation that names a manifest in an OCI layout's index.json. */
  public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

  private MediaTypes() {}
}
