package io.gradgen.interpret;

import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Node;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.ClassIndexException;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.autograd.Tape;
import io.gradgen.runtime.autograd.Tensor;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.util.HashMap;
import java.util.Map;

/**
 * The model's forward IR evaluated eagerly with the runtime's tape-based autograd, as PyTorch's
 * eager mode would run it: every op over the whole batch of rows, recorded on a tape, the gradient
 * from one backward walk. The baseline the generated kernels are measured against, and a second,
 * independent oracle for their gradients.
 *
 * <pre>
 * Objective interpreted = new InterpretedObjective(checked.forward(), checked.layout(), data);
 * </pre>
 */
public final class InterpretedObjective implements Objective {
  private final Graph forward;
  private final ModelLayout layout;
  private final double[] original;
  private final double[] rows;
  private final int width;
  private final int rowCount;
  private final double[] params;
  private final String source;
  /** The arrangement's original rows by position ({@link #arrange}), shared by the thread copies. */
  private final int[][] order;
  /** The metrics' nodes in {@link #forward}, in {@link ModelLayout#metrics()} order. */
  private final int[] metrics;

  /** The model's loss and output, without its metrics. */
  public InterpretedObjective(Graph forward, ModelLayout layout, Dataset data) {
    this(forward, layout, data, new int[0]);
  }

  /**
   * {@code checked}'s loss, output and metrics. A metric's graph is a build of the checker's nodes,
   * as the forward graph is, so its root is a node of the forward graph too.
   */
  public static InterpretedObjective of(CheckedModel checked, ModelLayout layout, Dataset data) {
    int[] metrics = new int[checked.metrics().size()];
    int index = 0;
    for (Graph metric : checked.metrics().values()) {
      if (!metric.nodes().equals(checked.forward().nodes())) {
        throw new IllegalArgumentException("a metric's graph is not over the forward graph's nodes");
      }
      metrics[index++] = metric.loss();
    }
    return new InterpretedObjective(checked.forward(), layout, data, metrics);
  }

  private InterpretedObjective(Graph forward, ModelLayout layout, Dataset data, int[] metrics) {
    this(forward, layout, data.values().clone(), data.values(), data.width(), data.rows(),
        new double[layout.parameterCount()], data.source(), new int[][] {{}}, metrics);
  }

  private InterpretedObjective(Graph forward, ModelLayout layout, double[] rows, double[] original, int width,
      int rowCount, double[] params, String source, int[][] order, int[] metrics) {
    this.metrics = metrics;
    this.forward = forward;
    this.layout = layout;
    this.rows = rows;
    this.original = original;
    this.width = width;
    this.rowCount = rowCount;
    this.params = params;
    this.source = source;
    this.order = order;
  }

  @Override
  public ModelLayout layout() {
    return layout;
  }

  @Override
  public int rows() {
    return rowCount;
  }

  @Override
  public void setParameters(double[] values) {
    System.arraycopy(values, 0, params, 0, params.length);
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    try {
      return lossAndGradientOf(from, to, gradient);
    } catch (ClassIndexException e) {
      throw located(e, from);
    }
  }

  private double lossAndGradientOf(int from, int to, double[] gradient) {
    Tape tape = new Tape();
    Map<String, Tensor> leaves = new HashMap<>();
    Tensor total = total(tape, evaluate(tape, forward.loss(), from, to, leaves), to - from);
    tape.backward(total);
    for (ParamSlot slot : layout.params()) {
      Tensor param = leaves.get(slot.name());
      if (param != null && param.grad() != null) {
        double[] grad = param.grad();
        for (int i = 0; i < slot.size(); i++) {
          gradient[slot.offset() + i] += grad[i];
        }
      }
    }
    return total.item();
  }

  /** Always: by {@link HyperDual}, forward over forward on the forward IR, one pass per parameter element. */
  @Override
  public boolean hasHessianVectorProducts() {
    return true;
  }

  @Override
  public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
      double[] hessianVector) {
    try {
      return new HyperDual(forward, layout).lossGradientAndHessianVector(params, rows, width, from, to, direction,
          gradient, hessianVector);
    } catch (ClassIndexException e) {
      throw located(e, from);
    }
  }

  @Override
  public double loss(int from, int to) {
    Tape tape = Tape.noGrad();
    try {
      return total(tape, evaluate(tape, forward.loss(), from, to, new HashMap<>()), to - from).item();
    } catch (ClassIndexException e) {
      throw located(e, from);
    }
  }

  /** A bad class index at the data row it came from, where it came from a row. */
  private RuntimeException located(ClassIndexException e, int from) {
    if (!layout.hasInputs() || e.sample() < 0) {
      return e;
    }
    int position = from + e.sample();
    int[] arranged = order[0];
    return e.inRow(source, position < arranged.length ? arranged[position] : position);
  }

  @Override
  public void predict(int row, double[] output) {
    Tensor value = evaluate(Tape.noGrad(), forward.output(), row, row + 1, new HashMap<>());
    System.arraycopy(value.data(), 0, output, 0, layout.outputSize());
  }

  /** Each metric's node evaluated on the row alone, without a tape. */
  @Override
  public void metrics(int row, double[] values) {
    if (metrics.length != layout.metrics().size()) {
      throw new UnsupportedOperationException("this objective was made without the model's metrics");
    }
    for (int metric = 0; metric < metrics.length; metric++) {
      try {
        values[metric] = evaluate(Tape.noGrad(), metrics[metric], row, row + 1, new HashMap<>()).data()[0];
      } catch (ClassIndexException e) {
        throw located(e, row);
      }
    }
  }

  @Override
  public void arrange(int[] order) {
    System.arraycopy(original, 0, rows, 0, original.length);
    for (int i = 0; i < order.length; i++) {
      System.arraycopy(original, order[i] * width, rows, i * width, width);
    }
    this.order[0] = order.clone();
  }

  @Override
  public Objective copyForThread() {
    return new InterpretedObjective(forward, layout, rows, original, width, rowCount, params, source, order, metrics);
  }

  /** The per-sample losses summed over the batch; a loss that reads no data counts once per row. */
  private static Tensor total(Tape tape, Tensor loss, int batch) {
    if (loss.isBatched()) {
      return tape.sumBatch(loss);
    }
    return tape.mul(loss, Tensor.scalar(batch));
  }

  private Tensor evaluate(Tape tape, int root, int from, int to, Map<String, Tensor> leaves) {
    Tensor[] values = new Tensor[root + 1];
    boolean[] needed = new boolean[root + 1];
    needed[root] = true;
    for (int id = root; id >= 0; id--) {
      if (needed[id]) {
        for (int input : forward.node(id).inputs()) {
          needed[input] = true;
        }
      }
    }
    for (int id = 0; id <= root; id++) {
      if (needed[id]) {
        values[id] = apply(tape, forward.node(id), values, from, to, leaves);
      }
    }
    return values[root];
  }

  private Tensor apply(Tape tape, Node node, Tensor[] values, int from, int to, Map<String, Tensor> leaves) {
    Tensor a = node.inputs().isEmpty() ? null : values[node.input(0)];
    Tensor b = node.inputs().size() < 2 ? null : values[node.input(1)];
    int[] shape = dims(node.shape());
    switch (node.op()) {
      case PARAM: {
        ParamSlot slot = layout.param(node.name()).orElseThrow();
        double[] slice = java.util.Arrays.copyOfRange(params, slot.offset(), slot.offset() + slot.size());
        Tensor param = Tensor.parameter(shape, slice);
        leaves.put(node.name(), param);
        return param;
      }
      case INPUT: {
        DataSlot slot = layout.data().stream().filter(s -> s.name().equals(node.name())).findFirst().orElseThrow();
        return Tensor.fromRows(rows, width, slot.offset(), shape, from, to);
      }
      case CONSTANT:
        return Tensor.constant(shape, node.values().toArray());
      case BROADCAST: {
        double[] ones = new double[node.shape().size()];
        java.util.Arrays.fill(ones, 1.0);
        return tape.mul(Tensor.constant(shape, ones), a);
      }
      case SUM:
        return tape.sum(a);
      case TRANSPOSE:
        return tape.transpose(a);
      case INDEX: {
        Indices indices = node.indices();
        return indices.positions().size() == 1
            ? tape.index(a, indices.positions().get(0))
            : tape.index(a, indices.positions().get(0), indices.positions().get(1));
      }
      case INDEX_ADJOINT:
        return tape.place(a, shape, node.indices().offset());
      case ONE_HOT:
        return oneHot(a, node.shape().size(), node.attribute() != null);
      case ADD:
        return tape.add(a, b);
      case MUL:
        return tape.mul(a, b);
      case DIV:
        return tape.div(a, b);
      case POW:
        return tape.pow(a, b);
      case MAX:
        return tape.max(a, b);
      case MIN:
        return tape.min(a, b);
      case BCE:
        return tape.bceElements(a, b);
      case NEG:
        return tape.neg(a);
      case EXP:
        return tape.exp(a);
      case LOG:
        return tape.log(a);
      case SQRT:
        return tape.sqrt(a);
      case ABS:
        return tape.abs(a);
      case SIN:
        return tape.sin(a);
      case COS:
        return tape.cos(a);
      case TAN:
        return tape.tan(a);
      case TANH:
        return tape.tanh(a);
      case SIGMOID:
        return tape.sigmoid(a);
      case RELU:
        return tape.relu(a);
      case SOFTPLUS:
        return tape.softplus(a);
      case ERF:
        return tape.erf(a);
      case LOG1P:
        return tape.log1p(a);
      case EXPM1:
        return tape.expm1(a);
      case ASIN:
        return tape.asin(a);
      case ACOS:
        return tape.acos(a);
      case ATAN:
        return tape.atan(a);
      case SINH:
        return tape.sinh(a);
      case COSH:
        return tape.cosh(a);
      case SAFE_LOG:
        return tape.safeLog(a);
      case STEP:
        return tape.step(a);
      case CLAMP_MIN:
        return tape.clampMin(a, b);
      case CLAMP_MAX:
        return tape.clampMax(a, b);
      case LESS:
        return tape.less(a, b);
      case LESS_EQUAL:
        return tape.lessOrEqual(a, b);
      case EQUAL:
        return tape.equal(a, b);
      case NOT_EQUAL:
        return tape.notEqual(a, b);
      case MATMUL:
        return tape.matmul(a, b);
      case NORM:
        return tape.norm(a);
      case LOGSUMEXP:
        return logsumexp(tape, a);
      case OUTER:
        return tape.outer(a, b);
      case AMAX:
        return tape.amax(a);
      case AMIN:
        return tape.amin(a);
      case ARGMAX:
        return tape.argmax(a);
      default:
        throw new IllegalStateException(node.op() + " does not occur in a forward graph");
    }
  }

  /** log Σ exp(z), shifted per sample by its maximum: a constant, so the gradient is the softmax. */
  private static Tensor logsumexp(Tape tape, Tensor z) {
    int size = z.size();
    int batch = z.batchSize();
    double[] shift = new double[batch];
    double[] data = z.data();
    for (int s = 0; s < batch; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < size; i++) {
        max = Math.max(max, data[s * size + i]);
      }
      shift[s] = Double.isInfinite(max) ? 0 : max;
    }
    Tensor c = z.isBatched() ? Tensor.batch(new int[0], batch, shift) : Tensor.scalar(shift[0]);
    return tape.add(tape.log(tape.sum(tape.exp(tape.sub(z, c)))), c);
  }

  private static Tensor oneHot(Tensor classIndex, int classes, boolean position) {
    int batch = classIndex.batchSize();
    double[] values = new double[batch * classes];
    for (int s = 0; s < batch; s++) {
      double k = classIndex.data()[s];
      long index = Math.round(k);
      if (index < 0 || index >= classes || Double.isNaN(k)) {
        int sample = classIndex.isBatched() ? s : -1;
        throw position ? ClassIndexException.position(k, classes, sample) : new ClassIndexException(k, classes, sample);
      }
      values[s * classes + (int) index] = 1;
    }
    int[] shape = {classes};
    return classIndex.isBatched() ? Tensor.batch(shape, batch, values) : Tensor.constant(shape, values);
  }

  private static int[] dims(Shape shape) {
    return shape.dims().stream().mapToInt(Integer::intValue).toArray();
  }
}
