package io.gradgen.parse;

import java.text.Normalizer;

/**
 * Names as Python reads them (PEP 3131): any script's letters, compared in Unicode's NFKC form, so
 * that {@code ﬁt} (with the ligature) and {@code fit} are one name, as they are in Python.
 */
public final class Identifiers {
  private Identifiers() {}

  /** The NFKC form of a name; an ASCII name, the usual case, is returned as it is. */
  public static String normalized(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC);
      }
    }
    return name;
  }
}
