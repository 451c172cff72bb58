package dev.pocketlinx.store;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The records of a PAX extended header: {@code "<length> <key>=<value>\n"}, length in bytes. */
final class PaxHeader {

  private PaxHeader() {}

  static Map<String, String> parse(byte[] data, long offset) throws InvalidTarException {
    Map<String, String> records = new LinkedHashMap<>();
    int pos = 0;
    while (pos < data.length) {
      // Some writers pad the header with NULs after the last record.
      if (data[pos] == 0) {
        break;
      }
      int space = pos;
      long length = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9') {
        length = length * 10 + (data[space] - '0');
        if (length > data.length) {
          throw corrupt("a record length runs past the header", offset);
        }
        space++;
      }
      if (space == pos || space >= data.length || data[space] != ' ') {
        throw corrupt("a record has no length", offset);
      }
      int end = pos + (int) length;
      if (length <= space - pos + 1 || end > data.length || data[end - 1] != '\n') {
        throw corrupt("a record's length does not match its text", offset);
      }
      String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals <= 0) {
        throw corrupt("a record has no key", offset);
      }
      records.put(record.substring(0, equals), record.substring(equals + 1));
      pos = end;
    }
    return records;
  }

  private static InvalidTarException corrupt(String detail, long offset) {
    return new InvalidTarException("PAX header at offset " + offset + ": " + detail, offset);
  }
}
