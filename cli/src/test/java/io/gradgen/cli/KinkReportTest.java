package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How check words the stencils that straddle a kink: by element, grouped by param and point, and cut short. */
class KinkReportTest {

  @Test
  void elementsAndPointsByName() {
    assertEquals("w[1, 2]", KinkReport.element("w", List.of(2, 3), 5));
    assertEquals("v[3]", KinkReport.element("v", List.of(4), 3));
    assertEquals("the initial values", KinkReport.point(0));
    assertEquals("random point 2", KinkReport.point(2));
  }

  /** A tensor's straddling elements at one point are one line; one element alone is named by its indices. */
  @Test
  void aParamsElementsAtAPointAreOneLine(@TempDir Path dir) throws Exception {
    Path model = Files.writeString(dir.resolve("m.model"),
        "model M\nparam w[2, 3] = 0\nparam v[2] = [0, 1]\nloss sum(relu(w)) + sum(abs(v))\n");
    CliRun run = CliRun.of("check", model.toString(), "--points", "0");
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("\n  w (6 of 6 elements) at the initial values: relu at 4:10 (relu(w))"
        + " takes another branch at θ - h than at θ + h\n"
        + "  v[0] at the initial values: abs at 4:25 (abs(v)) takes another branch at v[0] - h than at v[0] + h\n"),
        run.out());
  }

  /** Past {@value KinkReport#MOST_LINES} lines the rest are counted, and --json lists them all. */
  @Test
  void manyAreCountedNotListed(@TempDir Path dir) throws Exception {
    StringBuilder text = new StringBuilder("model M\n");
    StringBuilder loss = new StringBuilder("loss 0");
    for (int p = 0; p < 12; p++) {
      text.append("param p").append(p).append(" = 0\n");
      loss.append(" + relu(p").append(p).append(')');
    }
    Path model = Files.writeString(dir.resolve("m.model"), text + loss.toString() + "\n");
    CliRun run = CliRun.of("check", model.toString(), "--points", "0");
    assertEquals(0, run.status(), run.out() + run.err());
    assertEquals(KinkReport.MOST_LINES, run.out().lines().filter(l -> l.contains(" at the initial values: relu")).count(),
        run.out());
    assertTrue(run.out().contains("  ... and 2 more (--json lists every element)\n"), run.out());
    CliRun json = CliRun.of("check", model.toString(), "--points", "0", "--json");
    assertEquals(12, json.out().split("\"op\": \"relu\"").length - 1, json.out());
  }
}
