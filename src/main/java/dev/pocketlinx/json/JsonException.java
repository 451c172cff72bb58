package dev.pocketlinx.json;

/** A document is not valid JSON, or not of the shape its reader expects. */
public class JsonException extends RuntimeException {
  public JsonException(String message) {
    super(message);
  }
}
