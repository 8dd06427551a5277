package io.gridpulse.seeds;

import java.util.Locale;
import java.util.regex.Pattern;

/** Synthetic phone numbers: always 155-000x-xxxx, a reserved-looking range that reaches nobody. */
public final class Phones {

  private static final Pattern FAKE = Pattern.compile("155-000\\d-\\d{4}");

  private Phones() {}

  /** The fake number {@code block} (0-9) / {@code n} (0-9999): 155-000b-nnnn. */
  public static String fake(int block, int n) {
    if (block < 0 || block > 9 || n < 0 || n > 9999) {
      throw new IllegalArgumentException("no fake number " + block + "/" + n);
    }
    return String.format(Locale.ROOT, "155-000%d-%04d", block, n);
  }

  public static String require(String phone) {
    if (phone == null || !FAKE.matcher(phone).matches()) {
      throw new IllegalArgumentException("phone numbers here are fake 155-000x-xxxx: " + phone);
    }
    return phone;
  }
}
