package dev.pocketlinx.json;

/** A value that knows its JSON form: a map, list, string, number or boolean. */
public interface ToJson {
  Object toJson();
}
