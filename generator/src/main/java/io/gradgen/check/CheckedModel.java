package io.gradgen.check;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A model that passed every check: its forward graph (loss and output), its params' shapes in
 * declaration order, its layout, its training settings, its default data file (null when it
 * declares none), resolved against the model file's folder, and its metrics in declaration order,
 * each a forward graph of its own whose {@linkplain Graph#loss() loss root} is the metric's
 * per-sample value (never differentiated; the names are {@link ModelLayout#metrics()}).
 */
public record CheckedModel(
    String name,
    Path source,
    Graph forward,
    Map<String, Shape> params,
    ModelLayout layout,
    TrainingConfig training,
    Path dataFile,
    Map<String, Graph> metrics) {

  public CheckedModel {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** A model without metrics. */
  public CheckedModel(String name, Path source, Graph forward, Map<String, Shape> params, ModelLayout layout,
      TrainingConfig training, Path dataFile) {
    this(name, source, forward, params, layout, training, dataFile, Map.of());
  }

  /** Whether the output reads a target, so that predicting needs the targets too (it rarely does). */
  public boolean outputReadsTargets() {
    if (!forward.hasOutput()) {
      return false;
    }
    Set<String> targets = new HashSet<>();
    for (DataSlot slot : layout.data()) {
      if (slot.target()) {
        targets.add(slot.name());
      }
    }
    boolean[] read = new boolean[forward.size()];
    read[forward.output()] = true;
    for (int id = forward.output(); id >= 0; id--) {
      if (read[id]) {
        Node node = forward.node(id);
        if (node.op() == Op.INPUT && targets.contains(node.name())) {
          return true;
        }
        for (int input : node.inputs()) {
          read[input] = true;
        }
      }
    }
    return false;
  }

  /**
   * Throws, at the first metric's declaration, unless the model has no metrics: for a backend
   * ({@code backend}, as "the PTX backend") that computes none.
   */
  public void requireNoMetrics(String backend) {
    if (metrics.isEmpty()) {
      return;
    }
    Map.Entry<String, Graph> first = metrics.entrySet().iterator().next();
    SourcePosition at = first.getValue().provenance().origin(first.getValue().loss())
        .map(origin -> new SourcePosition(source.toString(), origin.line(), origin.column()))
        .orElse(SourcePosition.of(source.toString()));
    throw new ModelException(at, "metric '" + first.getKey() + "' is not computed by " + backend
        + "; use --backend java");
  }

  /** The same model trained with {@code config} instead of its {@code train} block (command-line overrides). */
  public CheckedModel withTraining(TrainingConfig config) {
    return new CheckedModel(name, source, forward, params, layout, config, dataFile, metrics);
  }
}
