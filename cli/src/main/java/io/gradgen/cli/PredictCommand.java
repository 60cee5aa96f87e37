package io.gradgen.cli;

import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.train.Objective;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgen predict MODEL --params FILE [--data CSV]}: the output of every row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Print the model's output for every row as CSV.")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions options;

  @Option(names = "--params", paramLabel = "FILE.json", description = "params saved by train --save")
  Path params;

  @Override
  public Integer call() {
    CheckedModel checked = options.check();
    options.requireData(checked);
    ModelLayout checkedLayout = checked.layout();
    if (!checkedLayout.hasOutput()) {
      throw new ModelException(SourcePosition.wholeFile(options.model.toString()),
          "model " + checkedLayout.modelName() + " declares no output; add 'output NAME = EXPR'");
    }
    options.at(checkedLayout);
    double[] saved = params != null ? Checkpoint.readParams(params, checkedLayout) : null;
    PreparedModel prepared = options.prepare(checked, checked.training().precision());
    ModelLayout layout = prepared.layout();
    double[] values = saved != null ? saved : options.initialParams(prepared);
    // New data has no targets; the output reads none (unless it is written to), so they may be absent.
    Objective objective = prepared.objective(options.dataset(prepared, !checked.outputReadsTargets()));
    objective.setParameters(values);
    int size = layout.outputSize();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : ",").append(size == 1 ? layout.outputName() : layout.outputName() + "[" + i + "]");
    }
    out.append('\n');
    double[] row = new double[size];
    for (int r = 0; r < objective.rows(); r++) {
      objective.predict(r, row);
      for (int i = 0; i < size; i++) {
        out.append(i == 0 ? "" : ",").append(Format.exact(row[i]));
      }
      out.append('\n');
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(out);
    stdout.flush();
    return 0;
  }
}
