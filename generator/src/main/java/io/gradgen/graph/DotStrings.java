package io.gradgen.graph;

/**
 * Text as a DOT quoted string: whatever a model's names and expressions hold, Graphviz reads it
 * back as the same characters and nothing in it ends the string or becomes one of DOT's escapes
 * ({@code \N}, {@code \G}, {@code \l}).
 *
 * <pre>
 * quoted("loss = a\nb")        → "loss = a\nb"     (the newline as DOT's centred line break)
 * quoted("say \"hi\" \\ ")     → "say \"hi\" \\ "
 * </pre>
 */
public final class DotStrings {
  private DotStrings() {}

  public static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (Character.isISOControl(c)) {
            // A control character would end a line or garble the picture: shown as its code instead.
            out.append(String.format(java.util.Locale.ROOT, "\\\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
