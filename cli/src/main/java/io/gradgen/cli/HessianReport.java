package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.GradientAgreement.Pair;
import io.gradgen.HessianAgreement;
import io.gradgen.runtime.ModelLayout;
import java.util.List;
import java.util.Locale;

/**
 * What {@code gradgen check --hessian} adds to the gradient check's report: the second-order
 * three-way check ({@link HessianAgreement}) as a table of the worst relative error of {@code H·v}
 * per param and pair, the Hessian's symmetry for each backend, and whether the generated product's
 * loss and gradient are {@code lossAndGradient}'s to the bit. Backends and symmetry are held to
 * {@link HessianAgreement#BACKEND_TOLERANCE} and {@link HessianAgreement#SYMMETRY_TOLERANCE};
 * finite differences to the check's {@code --tolerance}.
 *
 * <pre>
 * H·v param            generated/fd  interpreted/fd  generated/interpreted
 * a                         3.1e-09         3.1e-09                1.2e-16
 * symmetry: generated 0.0e+00, interpreted 1.1e-16
 * hessian points: 4 checked, 0 skipped (loss or gradient not finite there)
 * hessian-vector products agree
 * </pre>
 */
final class HessianReport {
  private final HessianAgreement result;
  private final double tolerance;
  private final List<String> disagreeing;

  HessianReport(HessianAgreement result, double tolerance) {
    this.result = result;
    this.tolerance = tolerance;
    this.disagreeing = result.disagreeing(tolerance, HessianAgreement.BACKEND_TOLERANCE,
        HessianAgreement.SYMMETRY_TOLERANCE);
  }

  boolean agree() {
    return disagreeing.isEmpty() && result.checked() > 0;
  }

  /** The line for stderr when the check fails. */
  String error() {
    return "error: " + (result.checked() == 0
        ? "no point with a finite loss and gradient to check the Hessian at"
        : "hessian-vector products disagree for " + String.join(", ", disagreeing));
  }

  String text() {
    ModelLayout layout = result.layout();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s", "H·v param"));
    for (Pair pair : Pair.values()) {
      out.append(String.format(Locale.ROOT, "  %" + width(pair) + "s", pair.column()));
    }
    out.append('\n');
    for (int p = 0; p < layout.params().size(); p++) {
      String name = layout.params().get(p).name();
      out.append(String.format(Locale.ROOT, "%-20s", name));
      for (Pair pair : Pair.values()) {
        out.append(String.format(Locale.ROOT, "  %" + width(pair) + ".1e", result.worst(pair, p)));
      }
      out.append(disagreeing.contains(name) ? "  DISAGREE" : "").append('\n');
    }
    out.append(String.format(Locale.ROOT, "symmetry: generated %.1e, interpreted %.1e%s%n",
        result.worstSymmetry(HessianAgreement.Backend.GENERATED),
        result.worstSymmetry(HessianAgreement.Backend.INTERPRETED),
        disagreeing.contains("(symmetry)") ? "  DISAGREE" : ""));
    if (result.gradientBitsDiffer()) {
      out.append("the product's loss and gradient are not lossAndGradient's to the bit  DISAGREE\n");
    }
    out.append(String.format(Locale.ROOT, "hessian points: %d checked, %d skipped (loss or gradient not finite there)%n",
        result.checked(), result.skipped()));
    out.append(String.format(Locale.ROOT,
        "hessian tolerances: %.0e against finite differences of the gradient, %.0e between the backends and for symmetry%n",
        tolerance, HessianAgreement.BACKEND_TOLERANCE));
    if (agree()) {
      out.append("hessian-vector products agree\n");
    } else if (result.checked() == 0) {
      out.append("no point with a finite loss and gradient: nothing checked\n");
    } else {
      out.append("hessian-vector products DISAGREE: ").append(String.join(", ", disagreeing)).append('\n');
    }
    return out.toString();
  }

  ObjectNode json() {
    ModelLayout layout = result.layout();
    ObjectNode json = Format.object();
    json.put("agree", agree());
    ArrayNode names = json.putArray("disagree");
    disagreeing.forEach(names::add);
    json.put("pointsChecked", result.checked());
    json.put("pointsSkipped", result.skipped());
    ObjectNode tolerances = json.putObject("tolerance");
    tolerances.set("finiteDifferences", Format.json(tolerance));
    tolerances.set("backends", Format.json(HessianAgreement.BACKEND_TOLERANCE));
    tolerances.set("symmetry", Format.json(HessianAgreement.SYMMETRY_TOLERANCE));
    ObjectNode worst = json.putObject("worstRelativeError");
    for (int p = 0; p < layout.params().size(); p++) {
      ObjectNode param = worst.putObject(layout.params().get(p).name());
      for (Pair pair : Pair.values()) {
        param.set(pair.jsonName(), Format.json(result.worst(pair, p)));
      }
    }
    ObjectNode symmetry = json.putObject("symmetryRelativeError");
    symmetry.set("generated", Format.json(result.worstSymmetry(HessianAgreement.Backend.GENERATED)));
    symmetry.set("interpreted", Format.json(result.worstSymmetry(HessianAgreement.Backend.INTERPRETED)));
    json.put("gradientBitsEqual", !result.gradientBitsDiffer());
    return json;
  }

  private static int width(Pair pair) {
    return Math.max(pair.column().length(), 9);
  }
}
