package io.gradgen.check;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model that passed every check: its forward graph (loss and output), its params' shapes in
 * declaration order, its layout, its training settings, and its default data file (null when it
 * declares none), resolved against the model file's folder.
 */
public record CheckedModel(
    String name,
    Path source,
    Graph forward,
    Map<String, Shape> params,
    ModelLayout layout,
    TrainingConfig training,
    Path dataFile) {

  /** The same model trained with {@code config} instead of its {@code train} block (command-line overrides). */
  public CheckedModel withTraining(TrainingConfig config) {
    return new CheckedModel(name, source, forward, params, layout, config, dataFile);
  }
}
