package dev.videorec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CodesTest {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  @Test
  void acceptsWhatThePatternAccepts() {
    // Every character of the first 384 code points alone, then random strings of 0-40 characters drawn from the
    // accepted set plus its neighbours in ASCII and a few others.
    for (char c = 0; c < 384; c++) {
      String s = String.valueOf(c);
      assertEquals(CODE.matcher(s).matches(), Codes.valid(s), s);
    }
    String alphabet = "azAZ09_.-/:@[`{ é,\t";
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(41);
      boolean plain = random.nextBoolean();
      for (int j = 0; j < length; j++) {
        b.append(alphabet.charAt(random.nextInt(plain ? 9 : alphabet.length())));
      }
      String s = b.toString();
      assertEquals(CODE.matcher(s).matches(), Codes.valid(s), s);
    }
    assertEquals(false, Codes.valid(null));
  }
}
