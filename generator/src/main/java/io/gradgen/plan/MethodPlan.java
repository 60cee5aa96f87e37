package io.gradgen.plan;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.EpochShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every decision for one kernel method, made before a line of it is written: which values it needs
 * and how each is held ({@link StoragePlan}), how many rows one iteration of its row loop takes,
 * which per-row gradients are computed inside their own accumulation instead of into scratch, and
 * whether gradient sums and params live in locals. The emitter follows it and decides nothing of
 * its own about storage or loops.
 *
 * <pre>
 * crop yields, lossAndGradient:  budget 16, 1 row an iteration (all of a row's work is unrolled),
 *                                every value in locals, gradients summed in locals
 * tanh network, lossAndGradient: budget 16, 4 rows an iteration (matrix work), the 64 × 32 layer in
 *                                rolled loops over scratch arrays, x·δ added straight into g
 * </pre>
 *
 * <p>Row blocks: four rows an iteration pay where a rolled nest of the row loop runs over a matrix
 * (each param element read serves four rows' matrix work: a tanh network 1.4× faster); with vector
 * work alone two rows are 1.3× faster and four slower than one (measured on linear regression and a
 * tanh network, f64, Java 17, AMD EPYC; not SuperWord, not loop unrolling: switching either off
 * changes nothing); and where all of a row's work is unrolled into locals (small models), blocking
 * gains nothing, so those take one row at a time.
 */
public final class MethodPlan {
  /** The most rows an iteration where no rolled nest of the row loop runs over a matrix. */
  public static final int PLAIN_ROW_BLOCK = 2;

  /** The most parameter values a model may have for an epoch kernel: each is a few locals. */
  public static final int EPOCH_MAX_PARAMS = 64;

  private final Method method;
  private final Graph graph;
  private final ModelLayout layout;
  private final int budget;
  private final int requestedRows;
  private final int rowBlock;
  private final StoragePlan storage;
  private final List<Integer> roots;
  private final List<Integer> rolledSinks;
  private final Set<Integer> inlined;
  private final boolean fitsEpoch;
  private final EpochShape epochShape;

  private MethodPlan(Method method, Graph graph, ModelLayout layout, int budget, int requestedRows,
      EpochShape epochShape) {
    this.method = method;
    this.epochShape = epochShape;
    this.graph = graph;
    this.layout = layout;
    this.budget = budget;
    this.requestedRows = requestedRows;
    int small = Math.min(StoragePlan.SMALL, budget);
    List<Integer> rootList = new ArrayList<>();
    List<Integer> sinks = new ArrayList<>();
    if (method == Method.PREDICT) {
      rootList.add(graph.output());
      if (graph.node(graph.output()).shape().size() > budget) {
        sinks.add(graph.output());
      }
    } else {
      rootList.add(graph.loss());
    }
    if (method.trains()) {
      for (int gradient : graph.gradients().values()) {
        if (!graph.node(gradient).isConstant(0)) {
          rootList.add(gradient);
          if (graph.node(gradient).shape().size() > small) {
            sinks.add(gradient);
          }
        }
      }
    }
    this.roots = List.copyOf(rootList);
    this.rolledSinks = List.copyOf(sinks);
    this.storage = new StoragePlan(graph, rootList, sinks, budget);
    int rows = method == Method.PREDICT ? 1 : requestedRows;
    if (!hasRolledRowNest()) {
      rows = 1;
    } else if (!hasMatrixNest()) {
      rows = Math.min(rows, PLAIN_ROW_BLOCK);
    }
    this.rowBlock = rows;
    this.inlined = method == Method.LOSS_AND_GRADIENT ? inlinedGradients() : Set.of();
    this.fitsEpoch = method == Method.EPOCH && sinks.isEmpty() && !hasRolledRowNest()
        && layout.parameterCount() <= EPOCH_MAX_PARAMS;
  }

  /**
   * The plan of {@code method} with {@code budget} as the most iterations an unrolled nest may have
   * and the most elements a value in locals may have, and at most {@code rows} rows an iteration.
   */
  public static MethodPlan of(Graph graph, ModelLayout layout, Method method, int budget, int rows) {
    if (budget < 1 || rows < 1) {
      throw new IllegalArgumentException("budget and rows must be at least 1, not " + budget + " and " + rows);
    }
    if (method == Method.EPOCH) {
      throw new IllegalArgumentException("an epoch method steps with an optimizer: plan it with epoch(…)");
    }
    return new MethodPlan(method, graph, layout, budget, rows, null);
  }

  /**
   * The plan of the epoch method that takes {@code shape}'s steps: every value in locals (see
   * {@link #fitsEpoch}), one row at a time, at the full unroll budget.
   */
  public static MethodPlan epoch(Graph graph, ModelLayout layout, EpochShape shape) {
    return new MethodPlan(Method.EPOCH, graph, layout, StoragePlan.UNROLL_BUDGET, 1, java.util.Objects.requireNonNull(shape));
  }

  /** For {@link Method#EPOCH}: which optimizer's steps it takes, and whether it clips; null for the rest. */
  public EpochShape epochShape() {
    return epochShape;
  }

  public Method method() {
    return method;
  }

  public Graph graph() {
    return graph;
  }

  public ModelLayout layout() {
    return layout;
  }

  public StoragePlan storage() {
    return storage;
  }

  /** The unroll budget this plan was made with. */
  public int budget() {
    return budget;
  }

  /** The rows an iteration this plan was asked for, before the rules above cut it down. */
  public int requestedRows() {
    return requestedRows;
  }

  /** Rows an iteration of the main row loop; the rest of the rows one at a time after it. */
  public int rowBlock() {
    return rowBlock;
  }

  /** The values the method must produce: the loss or the output, then the nonzero gradients. */
  public List<Integer> roots() {
    return roots;
  }

  /**
   * The values read by the method's own rolled loops outside any node's nest: a gradient too large
   * to sum in locals, an output too large to write out element by element.
   */
  public List<Integer> rolledSinks() {
    return rolledSinks;
  }

  /**
   * The large per-row elementwise gradients read by nothing but their own accumulation: each is
   * computed inside the loop that adds it into {@code g}, never stored.
   */
  public boolean inlined(int id) {
    return inlined.contains(id);
  }

  /** Whether a gradient of this many elements is summed over the rows in locals (else straight into g). */
  public boolean sumsInLocals(int gradient) {
    return graph.node(gradient).shape().size() <= Math.min(StoragePlan.SMALL, budget);
  }

  /** Whether the model reads data: without, there is no row loop, every row being the same. */
  public boolean hasRows() {
    return layout.hasInputs();
  }

  /**
   * Whether an f32 kernel widens its params to a double array once per call: where a rolled loop
   * reads params, so that the loops convert only the data.
   */
  public boolean widensParams() {
    if (layout.precision() != Precision.F32) {
      return false;
    }
    for (int id = 0; id < graph.size(); id++) {
      if (storage.live(id) && graph.node(id).op() == Op.PARAM && !storage.local(id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For {@link Method#EPOCH}: whether the model is small enough for an epoch kernel (every
   * value of a row in locals, every gradient summed in locals, at most {@value #EPOCH_MAX_PARAMS}
   * params).
   */
  public boolean fitsEpoch() {
    return fitsEpoch;
  }

  /** The gradient of each param with a nonzero one, in layout order. */
  public List<ParamSlot> trainedParams() {
    List<ParamSlot> trained = new ArrayList<>();
    for (ParamSlot slot : layout.params()) {
      if (!graph.node(graph.gradients().get(slot.name())).isConstant(0)) {
        trained.add(slot);
      }
    }
    return Collections.unmodifiableList(trained);
  }

  /** Whether the row loop has a rolled nest (else all of a row's work is unrolled). */
  private boolean hasRolledRowNest() {
    for (int id = 0; id < graph.size(); id++) {
      Op op = graph.node(id).op();
      boolean computed = op.kind() != Op.Kind.LEAF && !StoragePlan.isView(op);
      if (computed && storage.live(id) && storage.perRow(id) && !storage.unrolled(id)) {
        return true;
      }
    }
    for (int sink : rolledSinks) {
      if (storage.perRow(sink)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a rolled nest of the row loop runs over a matrix: a matrix–vector or outer product. */
  private boolean hasMatrixNest() {
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      boolean rolled = storage.live(id) && storage.perRow(id) && !storage.unrolled(id);
      boolean matrix = node.shape().rank() == 2
          || (node.op() == Op.MATMUL && graph.node(node.input(0)).shape().rank() == 2);
      if (rolled && matrix && node.op() != Op.PARAM && node.op() != Op.INPUT) {
        return true;
      }
    }
    for (int sink : rolledSinks) {
      if (storage.perRow(sink) && graph.node(sink).shape().rank() == 2) {
        return true;
      }
    }
    return false;
  }

  private Set<Integer> inlinedGradients() {
    int[] readers = new int[graph.size()];
    for (int id = 0; id < graph.size(); id++) {
      if (storage.live(id)) {
        for (int input : graph.node(id).inputs()) {
          readers[input]++;
        }
      }
    }
    for (int sink : rolledSinks) {
      readers[sink]++;
    }
    readers[graph.loss()]++;
    Set<Integer> found = new LinkedHashSet<>();
    for (int sink : rolledSinks) {
      Op op = graph.node(sink).op();
      boolean elementwise = op == Op.OUTER || op.kind() == Op.Kind.UNARY || op.kind() == Op.Kind.BINARY;
      if (elementwise && storage.perRow(sink) && !storage.unrolled(sink) && readers[sink] == 1) {
        found.add(sink);
      }
    }
    return Collections.unmodifiableSet(found);
  }
}
