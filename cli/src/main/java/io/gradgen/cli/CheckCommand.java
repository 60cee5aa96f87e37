package io.gradgen.cli;

import io.gradgen.CompiledModel;
import io.gradgen.GradientAgreement;
import io.gradgen.GradientAgreement.Pair;
import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradgen check MODEL}: three-way agreement of the generated gradient, the interpreted
 * autograd's gradient and central finite differences, at the initial values and at random points
 * ({@link GradientAgreement}); a table of the worst relative error per param and pair; exit 0 only
 * if all agree, else exit 1 with the disagreeing params named.
 *
 * <pre>
 * param                generated/fd  interpreted/fd  generated/interpreted
 * a                       2.1e-10         2.1e-10                0.0e+00
 * </pre>
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check the generated gradient against the interpreted autograd and central finite differences.")
final class CheckCommand implements Callable<Integer> {
  @Mixin ModelOptions options;

  @Option(names = "--points", defaultValue = "3", description = "random points besides the initial values")
  int points;

  @Option(names = "--tolerance", defaultValue = "1e-5",
      description = "largest relative error accepted against finite differences")
  double tolerance;

  @Option(names = "--backend-tolerance", defaultValue = "1e-9",
      description = "largest relative error accepted between the generated and the interpreted gradient")
  double backendTolerance;

  @Override
  public Integer call() {
    if (points < 0) {
      throw new UsageError("--points must be 0 or more, not " + points);
    }
    CheckedModel checked = options.check();
    return check(options.compile(checked, Precision.F64));
  }

  /** Checks {@code compiled}, however it was compiled, and prints the report; the exit status. */
  int check(CompiledModel compiled) {
    Dataset rows = options.dataset(compiled);
    GradientAgreement result = GradientAgreement.measure(
        compiled.objective(rows),
        new InterpretedObjective(compiled.checked().forward(), compiled.layout(), rows),
        options.initialParams(compiled), points, options.seed);
    List<String> disagreeing = result.disagreeing(tolerance, backendTolerance);
    boolean agree = disagreeing.isEmpty() && result.checked() > 0;
    System.out.print(options.json ? json(result, agree, disagreeing) : text(result, agree, disagreeing));
    if (!agree) {
      System.err.println("error: " + (result.checked() == 0
          ? "no point with a finite loss to check the gradient at"
          : "gradients disagree for " + String.join(", ", disagreeing)));
    }
    return agree ? 0 : 1;
  }

  private String text(GradientAgreement result, boolean agree, List<String> disagreeing) {
    ModelLayout layout = result.layout();
    StringBuilder out = new StringBuilder(String.format("%-20s", "param"));
    for (Pair pair : Pair.values()) {
      out.append(String.format("  %" + width(pair) + "s", pair.column()));
    }
    out.append('\n');
    for (int p = 0; p < layout.params().size(); p++) {
      String name = layout.params().get(p).name();
      out.append(String.format("%-20s", name));
      for (Pair pair : Pair.values()) {
        out.append(String.format("  %" + width(pair) + ".1e", result.worst(pair, p)));
      }
      out.append(disagreeing.contains(name) ? "  DISAGREE" : "").append('\n');
    }
    out.append(String.format("%-20s  %" + width(Pair.GENERATED_FD) + "s  %" + width(Pair.INTERPRETED_FD) + "s  %"
        + width(Pair.GENERATED_INTERPRETED) + ".1e%s%n", "(loss)", "", "", result.worstLoss(),
        disagreeing.contains("(loss)") ? "  DISAGREE" : ""));
    out.append(String.format("points: %d checked, %d skipped (loss not finite there)%n", result.checked(),
        result.skipped()));
    out.append(String.format("tolerances: %.0e against finite differences, %.0e between the backends%n", tolerance,
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

  private String json(GradientAgreement result, boolean agree, List<String> disagreeing) {
    ModelLayout layout = result.layout();
    StringBuilder out = new StringBuilder("{\"agree\": ").append(agree);
    out.append(", \"disagree\": [");
    for (int i = 0; i < disagreeing.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(Format.jsonString(disagreeing.get(i)));
    }
    out.append("], \"pointsChecked\": ").append(result.checked())
        .append(", \"pointsSkipped\": ").append(result.skipped())
        .append(", \"tolerance\": {\"finiteDifferences\": ").append(Format.json(tolerance))
        .append(", \"backends\": ").append(Format.json(backendTolerance)).append('}')
        .append(", \"worstRelativeError\": {");
    for (int p = 0; p < layout.params().size(); p++) {
      out.append(p == 0 ? "" : ", ").append(Format.jsonString(layout.params().get(p).name())).append(": {");
      for (Pair pair : Pair.values()) {
        out.append(pair.ordinal() == 0 ? "" : ", ").append(Format.jsonString(pair.jsonName())).append(": ")
            .append(Format.json(result.worst(pair, p)));
      }
      out.append('}');
    }
    return out.append("}, \"lossRelativeError\": ").append(Format.json(result.worstLoss())).append("}\n").toString();
  }
}
