package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.simd.Simd;
import io.gradgen.runtime.train.Objective;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen grad MODEL}: the loss and its gradient at the initial values (or {@code --at}),
 * over the whole data set when the model has inputs, reduced as the model's {@code reduction}
 * says (the mean by default).
 */
@Command(name = "grad", mixinStandardHelpOptions = true,
    description = "Print the loss and its gradient with respect to every param at the initial values.")
final class GradCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions options;
  @Mixin DumpOption dump;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (dump.print(options.model, Simd.enabled(), out)) {
      return 0;
    }
    CheckedModel checked = options.check();
    options.requireData(checked);
    options.at(checked.layout());
    PreparedModel prepared = options.prepare(checked, checked.training().precision());
    Objective objective = options.objective(prepared);
    double[] params = options.initialParams(prepared);
    objective.setParameters(params);
    ModelLayout layout = prepared.layout();
    double[] gradient = new double[layout.parameterCount()];
    double loss = objective.lossAndGradient(0, objective.rows(), gradient);
    int divisor = ModelOptions.divisor(checked, objective.rows());
    loss /= divisor;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] /= divisor;
    }
    if (options.json) {
      ObjectNode json = Format.object();
      json.set("loss", Format.json(loss));
      json.set("gradient", Format.jsonParams(layout, gradient));
      out.println(Format.json(json));
    } else {
      out.print("loss: " + Format.number(loss) + "\ngradient:\n" + Format.textParams(layout, gradient, "  "));
    }
    out.flush();
    return 0;
  }
}
