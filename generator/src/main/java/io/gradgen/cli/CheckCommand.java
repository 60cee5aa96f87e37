package io.gradgen.cli;

import io.gradgen.CompiledModel;
import io.gradgen.GradientCheck;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.train.Objective;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradgen check MODEL}: the generated gradient against central finite differences of the
 * generated loss, at the initial values and at random points; a table of the worst relative error
 * per param; exit 0 only if every one is under the tolerance.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check the generated gradient against central finite differences.")
final class CheckCommand implements Callable<Integer> {
  @Mixin ModelOptions options;

  @Option(names = "--points", defaultValue = "3", description = "random points besides the initial values")
  int points;

  @Option(names = "--tolerance", defaultValue = "1e-5", description = "largest relative error accepted")
  double tolerance;

  @Override
  public Integer call() {
    CheckedModel checked = options.check();
    CompiledModel compiled = options.compile(checked, io.gradgen.runtime.Precision.F64);
    Objective objective = options.objective(compiled);
    ModelLayout layout = compiled.layout();
    double[] worst = new double[layout.params().size()];
    SplittableRandom random = new SplittableRandom(options.seed);
    double[] start = options.initialParams(compiled);
    for (int point = 0; point <= points; point++) {
      double[] params = start.clone();
      if (point > 0) {
        for (int i = 0; i < params.length; i++) {
          params[i] += random.nextGaussian() * 0.5;
        }
      }
      double[] errors = GradientCheck.relativeErrors(objective, params);
      for (int p = 0; p < layout.params().size(); p++) {
        ParamSlot slot = layout.params().get(p);
        for (int i = 0; i < slot.size(); i++) {
          worst[p] = Math.max(worst[p], errors[slot.offset() + i]);
        }
      }
    }
    boolean agree = true;
    StringBuilder json = new StringBuilder("{\"agree\": ");
    StringBuilder text = new StringBuilder(String.format("%-20s %s%n", "param", "worst relative error (generated vs finite differences)"));
    StringBuilder perParam = new StringBuilder();
    for (int p = 0; p < worst.length; p++) {
      String name = layout.params().get(p).name();
      boolean ok = worst[p] <= tolerance;
      agree &= ok;
      text.append(String.format("%-20s %.3e  %s%n", name, worst[p], ok ? "ok" : "DISAGREE"));
      perParam.append(p == 0 ? "" : ", ").append(Format.jsonString(name)).append(": ").append(Format.json(worst[p]));
    }
    if (options.json) {
      System.out.println(json.append(agree).append(", \"worstRelativeError\": {").append(perParam).append("}}"));
    } else {
      System.out.print(text);
      System.out.println(agree ? "gradients agree" : "gradients DISAGREE");
    }
    return agree ? 0 : 1;
  }
}
