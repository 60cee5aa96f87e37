package io.gradgen.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Everything the runtime needs to know about a model without knowing its formula: where each
 * parameter lives in the flat parameter array, where each input and target lives in a data row, the
 * shape of the output, and the precision of the kernel.
 *
 * <p>Data rows are {@code rowWidth()} values wide: the inputs in declaration order, then the targets.
 * A model without inputs has no rows; its loss is the whole objective. {@code metrics} names the
 * model's metrics in declaration order, the order of a kernel's {@code metrics} values.
 */
public record ModelLayout(
    String modelName,
    List<ParamSlot> params,
    List<DataSlot> data,
    List<Integer> outputShape,
    String outputName,
    Precision precision,
    List<String> metrics) {

  public ModelLayout {
    params = List.copyOf(params);
    data = List.copyOf(data);
    outputShape = outputShape == null ? null : List.copyOf(outputShape);
    metrics = List.copyOf(metrics);
  }

  /** A layout without metrics. */
  public ModelLayout(String modelName, List<ParamSlot> params, List<DataSlot> data, List<Integer> outputShape,
      String outputName, Precision precision) {
    this(modelName, params, data, outputShape, outputName, precision, List.of());
  }

  /** This layout in {@code other} precision. */
  public ModelLayout withPrecision(Precision other) {
    return new ModelLayout(modelName, params, data, outputShape, outputName, other, metrics);
  }

  public int parameterCount() {
    int count = 0;
    for (ParamSlot slot : params) {
      count += slot.size();
    }
    return count;
  }

  public int rowWidth() {
    int width = 0;
    for (DataSlot slot : data) {
      width += slot.size();
    }
    return width;
  }

  /** True when the model reads data: its loss is per sample and training runs over rows. */
  public boolean hasInputs() {
    return !data.isEmpty();
  }

  public boolean hasOutput() {
    return outputShape != null;
  }

  public int outputSize() {
    return outputShape == null ? 0 : Shapes.size(outputShape);
  }

  /** This layout with its input slots alone (the targets follow the inputs, so offsets stay). */
  public ModelLayout withoutTargets() {
    return new ModelLayout(modelName, params, data.stream().filter(slot -> !slot.target()).toList(), outputShape,
        outputName, precision, metrics);
  }

  public Optional<ParamSlot> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Where param {@code name} starts in the parameter vector; an emitter's question, so a missing one is a bug. */
  public int paramOffset(String name) {
    return param(name).orElseThrow(() -> new IllegalArgumentException("no param " + name + " in the layout"))
        .offset();
  }

  /** Where input or target {@code name} starts in a data row. */
  public int dataOffset(String name) {
    return data.stream().filter(slot -> slot.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no input or target " + name + " in the layout")).offset();
  }
}
