package dev.videorec.core;

/** Validation of the short text codes (region, language) that appear in records and data files. */
final class Codes {
  private Codes() {}

  /** @throws IllegalArgumentException unless {@code value} is 1-32 letters, digits, '_', '.' or '-' */
  static void check(String what, String value, Object owner) {
    if (!valid(value)) {
      throw invalid(what, value, owner);
    }
  }

  private static IllegalArgumentException invalid(String what, String value, Object owner) {
    return new IllegalArgumentException(what + " must be 1-32 letters, digits, '_', '.' or '-', got '" + value
        + "' for " + owner);
  }

  /**
   * Whether {@code value} matches {@code [A-Za-z0-9_.-]{1,32}}, written out: every video of a catalogue is checked
   * on load, and a regular expression's matcher was a tenth of reading a million-video catalogue.
   */
  static boolean valid(String value) {
    if (value == null || value.isEmpty() || value.length() > 32) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
