package io.gradgen.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round axis ticks (1, 2 or 5 times a power of ten apart) and short labels for them. */
final class Ticks {
  private Ticks() {}

  /** About {@code count} round values in {@code [lo, hi]}: 0 to 10 by 2 for (0.3, 9.7, 5). */
  static List<Double> between(double lo, double hi, int count) {
    double raw = (hi - lo) / Math.max(1, count);
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = power * (raw / power < 1.5 ? 1 : raw / power < 3.5 ? 2 : raw / power < 7.5 ? 5 : 10);
    List<Double> ticks = new ArrayList<>();
    for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
      ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
  }

  /** 0.5, -12, 2500, 1e-05, 3e+06: up to 4 significant digits. */
  static String label(double value) {
    if (value == 0) {
      return "0";
    }
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e5) {
      return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
    String text = String.format(Locale.ROOT, "%.3e", value);
    String mantissa = text.substring(0, text.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
    int exponent = Integer.parseInt(text.substring(text.indexOf('e') + 1));
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  /** {@code 10^exponent} as a label, whatever its size: 1e+250, 3.162e-05, 0.01. */
  static String powerOfTen(double exponent) {
    double whole = Math.floor(exponent);
    if (Math.abs(whole) < 300) {
      return label(Math.pow(10, exponent));
    }
    String mantissa = label(Math.pow(10, exponent - whole));
    return mantissa + "e" + (whole < 0 ? "-" : "+") + (long) Math.abs(whole);
  }
}
