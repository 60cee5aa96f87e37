package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The CLI's numbers: JSON exactly as the reference shapes print it, text for people in any locale. */
class FormatTest {

  @Test
  void jsonHasASpaceAfterEveryColonAndComma() {
    ObjectNode json = Format.object();
    json.set("loss", Format.json(89.0));
    ObjectNode gradient = json.putObject("gradient");
    gradient.set("a", Format.json(75.0));
    gradient.set("b", Format.json(-12.0));
    assertEquals("{\"loss\": 89.0, \"gradient\": {\"a\": 75.0, \"b\": -12.0}}", Format.json(json));
  }

  @Test
  void doublesAreWrittenAsDoubleToStringAndNonFiniteAsNull() {
    double[] values = {0.1, 1e-5, 1.0E10, 1.0E7, 9999999.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 2.0 / 3,
        4.35, 1e23, 8.41E21, 2e-3};
    for (double value : values) {
      assertEquals(Double.toString(value), Format.json(Format.json(value)), "" + value);
    }
    ObjectNode json = Format.object();
    json.set("nan", Format.json(Double.NaN));
    json.set("inf", Format.json(Double.POSITIVE_INFINITY));
    json.set("minusInf", Format.json(Double.NEGATIVE_INFINITY));
    json.set("none", Format.json((Double) null));
    json.set("some", Format.json(Double.valueOf(0.5)));
    assertEquals("{\"nan\": null, \"inf\": null, \"minusInf\": null, \"none\": null, \"some\": 0.5}", Format.json(json));
  }

  @Test
  void emptyContainersAndStrings() {
    ObjectNode json = Format.object();
    json.putArray("disagree");
    json.putObject("nothing");
    json.put("name", "say \"hi\"\\\n");
    json.put("agree", true);
    json.put("steps", 500L);
    assertEquals("{\"disagree\": [], \"nothing\": {}, \"name\": \"say \\\"hi\\\"\\\\\\n\", \"agree\": true, \"steps\": 500}",
        Format.json(json));
  }

  @Test
  void paramsInTheirDeclaredShapes() {
    ModelLayout layout = new LayoutBuilder("M", Precision.F64).param("s", new int[0], new Init.Zeros())
        .param("v", new int[] {2}, new Init.Zeros()).param("m", new int[] {2, 2}, new Init.Zeros()).build();
    double[] values = {1, 0.5, Double.NaN, 1, 2, 3, 4.25};
    assertEquals("{\"s\": 1.0, \"v\": [0.5, null], \"m\": [[1.0, 2.0], [3.0, 4.25]]}",
        Format.json(Format.jsonParams(layout, values)));
    assertEquals("  s: 1\n  v: [0.5, NaN]\n  m: [[1, 2], [3, 4.25]]\n", Format.textParams(layout, values, "  "));
  }

  @Test
  void textNumbersIgnoreTheLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("0.123457", Format.number(0.1234567));
      assertEquals("1.23457e+07", Format.number(12345678.9));
      assertEquals("0.5", Format.exact(0.5));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void listsReadAsSentences() {
    assertEquals("", Format.listed(List.of(), "or"));
    assertEquals("a", Format.listed(List.of("a"), "or"));
    assertEquals("a or b", Format.listed(List.of("a", "b"), "or"));
    assertEquals("a, b and c", Format.listed(List.of("a", "b", "c"), "and"));
  }

  @Test
  void sizesAreInPowersOfAThousand() {
    assertEquals("512 B", Format.bytes(512));
    assertEquals("3.2 MB", Format.bytes(3_210_000));
    assertEquals("48 GB", Format.bytes(48_000_000_000L));
  }

  @Test
  void whatATerminalWouldActOnIsEscaped() {
    assertEquals("plain text, é and ∂ stay", Format.escaped("plain text, é and ∂ stay"));
    assertEquals("a\\nb\\tc\\x1b[31m\\x00", Format.escaped("a\nb\tc\u001b[31m\u0000"));
    assertEquals("\\u202eevil\\u200b \\ufffd", Format.escaped("\u202eevil\u200b \ufffd"));
  }
}
