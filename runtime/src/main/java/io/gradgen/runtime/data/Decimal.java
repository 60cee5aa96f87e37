package io.gradgen.runtime.data;

/**
 * Whether a cell is a plain decimal number: {@code -1.5}, {@code 3}, {@code .5}, {@code 2.},
 * {@code 6.02e23}. Stricter than {@link Double#parseDouble}, which would also take {@code NaN},
 * {@code Infinity}, hex floats and a trailing {@code d} or {@code f}: none of those belong in a
 * data file, and NaN would only surface later as a diverged training run. The command line reads
 * {@code --at} values with it too.
 */
public final class Decimal {
  private Decimal() {}

  public static boolean isDecimal(String text) {
    int i = 0;
    int n = text.length();
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
