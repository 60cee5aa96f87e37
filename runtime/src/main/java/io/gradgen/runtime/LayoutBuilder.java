package io.gradgen.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ModelLayout} from plain arrays. Generated kernels describe themselves with it,
 * because their source must compile under Janino, which takes no generics and no varargs:
 *
 * <pre>
 * new LayoutBuilder("CropYield", Precision.F64)
 *     .param("w", new int[] {2, 3}, LayoutBuilder.randn(42L, 1.0))
 *     .input("x", new int[] {3}, new String[] {"Temperature", "Rainfall", "Humidity"})
 *     .target("y", new int[] {2}, new String[] {"Mangoes", "Oranges"})
 *     .output("yhat", new int[] {2})
 *     .metric("abs_err")
 *     .build();
 * </pre>
 *
 * Offsets follow from the order of the calls: params in order, inputs then targets in order.
 */
public final class LayoutBuilder {
  private final String modelName;
  private final Precision precision;
  private final List<ParamSlot> params = new ArrayList<>();
  private final List<DataSlot> inputs = new ArrayList<>();
  private final List<DataSlot> targets = new ArrayList<>();
  private int parameterOffset;
  private List<Integer> outputShape;
  private String outputName;
  private final List<String> metrics = new ArrayList<>();

  public LayoutBuilder(String modelName, Precision precision) {
    this.modelName = modelName;
    this.precision = precision;
  }

  public LayoutBuilder param(String name, int[] shape, Init init) {
    ParamSlot slot = new ParamSlot(name, list(shape), parameterOffset, init);
    params.add(slot);
    parameterOffset += slot.size();
    return this;
  }

  public LayoutBuilder input(String name, int[] shape, String[] columns) {
    inputs.add(new DataSlot(name, false, list(shape), 0, List.of(columns)));
    return this;
  }

  public LayoutBuilder target(String name, int[] shape, String[] columns) {
    targets.add(new DataSlot(name, true, list(shape), 0, List.of(columns)));
    return this;
  }

  public LayoutBuilder output(String name, int[] shape) {
    this.outputName = name;
    this.outputShape = list(shape);
    return this;
  }

  /** A metric, named as declared: the next of the kernel's {@code metrics} values. */
  public LayoutBuilder metric(String name) {
    metrics.add(name);
    return this;
  }

  public ModelLayout build() {
    List<DataSlot> data = new ArrayList<>();
    int offset = 0;
    for (List<DataSlot> group : List.of(inputs, targets)) {
      for (DataSlot slot : group) {
        data.add(new DataSlot(slot.name(), slot.target(), slot.shape(), offset, slot.columns()));
        offset += slot.size();
      }
    }
    return new ModelLayout(modelName, params, data, outputShape, outputName, precision, metrics);
  }

  public static Init zeros() {
    return new Init.Zeros();
  }

  public static Init fill(double value) {
    return new Init.Fill(value);
  }

  public static Init values(double[] values) {
    return Init.Values.of(values);
  }

  /** {@code randn(seed = S, std = X)}. */
  public static Init randn(long seed, double std) {
    return new Init.Randn(seed, std);
  }

  /** {@code randn(std = X)} without a seed: the run's seed. */
  public static Init randnUnseeded(double std) {
    return new Init.Randn(null, std);
  }

  public static Init uniform(double lo, double hi, long seed) {
    return new Init.Uniform(lo, hi, seed);
  }

  public static Init uniformUnseeded(double lo, double hi) {
    return new Init.Uniform(lo, hi, null);
  }

  private static List<Integer> list(int[] shape) {
    List<Integer> dims = new ArrayList<>(shape.length);
    for (int dimension : shape) {
      dims.add(dimension);
    }
    return dims;
  }
}
