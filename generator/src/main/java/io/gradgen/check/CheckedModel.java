package io.gradgen.check;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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

  /** The same model trained with {@code config} instead of its {@code train} block (command-line overrides). */
  public CheckedModel withTraining(TrainingConfig config) {
    return new CheckedModel(name, source, forward, params, layout, config, dataFile);
  }
}
