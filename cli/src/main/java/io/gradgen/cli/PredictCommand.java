package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.train.Objective;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen predict MODEL --params FILE [--data CSV] [--json]}: the output of every row, as
 * CSV, or with {@code --json} as one object of the columns and the rows ({@link #json}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Print the model's output for every row as CSV (with --json as {\"columns\": [...], \"rows\": [[...], ...]}).")
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
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      columns.add(size == 1 ? layout.outputName() : layout.outputName() + "[" + i + "]");
    }
    double[][] rows = new double[objective.rows()][size];
    for (int r = 0; r < rows.length; r++) {
      objective.predict(r, rows[r]);
    }
    String out = options.json ? json(columns, rows) : csv(columns, rows);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(out);
    stdout.flush();
    return 0;
  }

  /** A header of the columns, then a line a row, each number as {@link Format#exact} writes it. */
  static String csv(List<String> columns, double[][] rows) {
    StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
    for (double[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == 0 ? "" : ",").append(Format.exact(row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * {@code {"columns": ["yhat[0]", "yhat[1]"], "rows": [[1.5, 2.0], …]}}: the CSV's header and
   * cells, the numbers JSON numbers with the same digits (null where not finite, as every --json).
   */
  static String json(List<String> columns, double[][] rows) {
    ObjectNode json = Format.object();
    ArrayNode names = json.putArray("columns");
    columns.forEach(names::add);
    ArrayNode values = json.putArray("rows");
    for (double[] row : rows) {
      ArrayNode cells = values.addArray();
      for (double value : row) {
        cells.add(Format.json(value));
      }
    }
    return Format.json(json) + "\n";
  }
}
