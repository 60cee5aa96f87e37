package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.Backends;
import io.gradgen.GradientAgreement;
import io.gradgen.GradientAgreement.Pair;
import io.gradgen.HessianAgreement;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.simd.Simd;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen check MODEL}: three-way agreement of the generated gradient, the interpreted
 * autograd's gradient and central finite differences, at the initial values and at random points
 * ({@link GradientAgreement}); a table of the worst relative error per param and pair; exit 0 only
 * if all agree, else exit 1 with the disagreeing params named. It always compares the {@code java}
 * and the {@code interpreted} backends, in f64, whatever {@code --backend} says (the name is still
 * checked).
 *
 * <pre>
 * param                generated/fd  interpreted/fd  generated/interpreted
 * a                       2.1e-10         2.1e-10                0.0e+00
 * </pre>
 *
 * <p>With {@code --hessian} the kernel is compiled with its Hessian-vector product and the
 * second-order check's report follows ({@link HessianReport}); the exit status is 0 only if both agree.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check the generated gradient against the interpreted autograd and central finite differences.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions options;
  @Mixin DumpOption dump;

  @Option(names = "--points", defaultValue = "3", description = "random points besides the initial values")
  int points;

  @Option(names = "--tolerance", defaultValue = "1e-5",
      description = "largest relative error accepted against finite differences")
  double tolerance;

  @Option(names = "--backend-tolerance", defaultValue = "1e-9",
      description = "largest relative error accepted between the generated and the interpreted gradient")
  double backendTolerance;

  @Option(names = "--hessian",
      description = "check the Hessian-vector products too: against finite differences of the gradient, the interpreted backend, and for symmetry")
  boolean hessian;

  @Override
  public Integer call() {
    if (points < 0) {
      throw new UsageError("--points must be 0 or more, not " + points);
    }
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new UsageError("--tolerance must be a positive number, not " + Format.number(tolerance));
    }
    if (!(backendTolerance > 0) || Double.isInfinite(backendTolerance)) {
      throw new UsageError("--backend-tolerance must be a positive number, not " + Format.number(backendTolerance));
    }
    if (dump.print(options.model, Simd.enabled(), spec.commandLine().getOut())) {
      return 0;
    }
    CheckedModel checked = options.check();
    options.requireData(checked);
    options.at(checked.layout());
    options.backend(checked, Precision.F64);
    return check(hessian ? Backends.installed().java().prepareWithHessian(checked, Precision.F64)
        : Backends.installed().java().prepare(checked, Precision.F64));
  }

  /**
   * Checks {@code generated} (the generated kernel, however it was compiled) against the
   * interpreted autograd and prints the report; the exit status.
   */
  int check(PreparedModel generated) {
    Dataset rows = options.dataset(generated);
    PreparedModel interpreted = Backends.installed().interpreted().prepare(generated.checked(), Precision.F64);
    GradientAgreement result = GradientAgreement.measure(
        generated.objective(rows), interpreted.objective(rows),
        options.initialParams(generated), points, options.seed);
    List<String> disagreeing = result.disagreeing(tolerance, backendTolerance);
    boolean agree = disagreeing.isEmpty() && result.checked() > 0;
    HessianReport second = hessian ? new HessianReport(HessianAgreement.measure(generated.objective(rows),
        interpreted.objective(rows), options.initialParams(generated), points, options.seed), tolerance) : null;
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      ObjectNode json = json(result, agree, disagreeing);
      if (second != null) {
        json.set("hessian", second.json());
      }
      out.print(Format.json(json) + "\n");
    } else {
      out.print(text(result, agree, disagreeing) + (second == null ? "" : second.text()));
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    if (!agree) {
      err.println("error: " + (result.checked() == 0
          ? "no point with a finite loss to check the gradient at"
          : "gradients disagree for " + String.join(", ", disagreeing)));
    }
    if (second != null && !second.agree()) {
      err.println(second.error());
    }
    err.flush();
    return agree && (second == null || second.agree()) ? 0 : 1;
  }

  private String text(GradientAgreement result, boolean agree, List<String> disagreeing) {
    ModelLayout layout = result.layout();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s", "param"));
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
    out.append(String.format(Locale.ROOT, "%-20s  %" + width(Pair.GENERATED_FD) + "s  %" + width(Pair.INTERPRETED_FD) + "s  %"
        + width(Pair.GENERATED_INTERPRETED) + ".1e%s%n", "(loss)", "", "", result.worstLoss(),
        disagreeing.contains("(loss)") ? "  DISAGREE" : ""));
    out.append(String.format(Locale.ROOT, "points: %d checked, %d skipped (loss not finite there)%n", result.checked(),
        result.skipped()));
    out.append(String.format(Locale.ROOT, "tolerances: %.0e against finite differences, %.0e between the backends%n", tolerance,
        backendTolerance));
    if (agree) {
      out.append("gradients agree\n");
    } else if (result.checked() == 0) {
      out.append("no point with a finite loss: nothing checked\n");
    } else {
      out.append("gradients DISAGREE: ").append(String.join(", ", disagreeing)).append('\n');
    }
    return out.toString();
  }

  private static int width(Pair pair) {
    return Math.max(pair.column().length(), 9);
  }

  private ObjectNode json(GradientAgreement result, boolean agree, List<String> disagreeing) {
    ModelLayout layout = result.layout();
    ObjectNode json = Format.object();
    json.put("agree", agree);
    ArrayNode names = json.putArray("disagree");
    disagreeing.forEach(names::add);
    json.put("pointsChecked", result.checked());
    json.put("pointsSkipped", result.skipped());
    ObjectNode tolerances = json.putObject("tolerance");
    tolerances.set("finiteDifferences", Format.json(tolerance));
    tolerances.set("backends", Format.json(backendTolerance));
    ObjectNode worst = json.putObject("worstRelativeError");
    for (int p = 0; p < layout.params().size(); p++) {
      ObjectNode param = worst.putObject(layout.params().get(p).name());
      for (Pair pair : Pair.values()) {
        param.set(pair.jsonName(), Format.json(result.worst(pair, p)));
      }
    }
    json.set("lossRelativeError", Format.json(result.worstLoss()));
    return json;
  }
}
