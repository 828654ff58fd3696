package dev.videorec.core;

import java.util.regex.Pattern;

/** Validation of the short text codes (region, language) that appear in records and data files. */
final class Codes {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private Codes() {}

  /** @throws IllegalArgumentException unless {@code value} is 1-32 letters, digits, '_', '.' or '-' */
  static void check(String what, String value, Object owner) {
    if (value == null || !CODE.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1-32 letters, digits, '_', '.' or '-', got '" + value
          + "' for " + owner);
    }
  }
}
