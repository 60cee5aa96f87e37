package io.gradgen.cli;

import io.gradgen.CompiledModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.TrainingConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code gradgen grad MODEL}: the loss and its gradient at the initial values (or {@code --at}),
 * over the whole data set when the model has inputs, reduced as the model's {@code reduction}
 * says (the mean by default).
 */
@Command(name = "grad", mixinStandardHelpOptions = true,
    description = "Print the loss and its gradient with respect to every param at the initial values.")
final class GradCommand implements Callable<Integer> {
  @Mixin ModelOptions options;

  @Override
  public Integer call() {
    CheckedModel checked = options.check();
    CompiledModel compiled = options.compile(checked, checked.training().precision());
    Objective objective = options.objective(compiled);
    double[] params = options.initialParams(compiled);
    objective.setParameters(params);
    ModelLayout layout = compiled.layout();
    double[] gradient = new double[layout.parameterCount()];
    double loss = objective.lossAndGradient(0, objective.rows(), gradient);
    if (layout.hasInputs() && checked.training().reduction() == TrainingConfig.Reduction.MEAN) {
      loss /= objective.rows();
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] /= objective.rows();
      }
    }
    if (options.json) {
      System.out.println("{\"loss\": " + Format.json(loss) + ", \"gradient\": " + Format.jsonParams(layout, gradient) + "}");
    } else {
      System.out.print("loss: " + Format.number(loss) + "\ngradient:\n" + Format.textParams(layout, gradient, "  "));
    }
    return 0;
  }
}
