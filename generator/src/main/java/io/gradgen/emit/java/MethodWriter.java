package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.plan.StoragePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the body of one kernel method ({@code lossAndGradient}, {@code loss}, {@code predict}, or
 * a small model's {@code sgdEpoch}) from the graph and a {@link StoragePlan}: the values that
 * depend only on params first, then one loop over the rows computing the rest, the loss and
 * gradient sums kept in locals where small.
 *
 * <p>Each value is computed by one loop nest; {@link ElementReader#access} gives the Java
 * expression for any element of any value, reading through views (broadcast, transpose, indexing)
 * instead of copying.
 *
 * <p>Two things are there for speed alone. A sum of {@value #SPLIT_FROM} or more terms (a dot
 * product, a matrix row, {@code sum}, {@code norm}) is kept as {@value #LANES} independent partial
 * sums, lane {@code l} taking the terms {@code k ≡ l (mod 4)}, finished as {@code (l0 + l1) + (l2 +
 * l3)}: one chain of 32 dependent additions waits on the adder's latency at each step, four chains
 * keep it busy. Rolled and unrolled nests split the same way, so they give the same bits. And a
 * large per-row gradient that nothing else reads (the {@code x·δ} of a wide layer) is not stored in
 * a scratch array first: its expression is added straight into {@code g}. An f32 kernel whose
 * loops read params widens them to a double array once per call.
 *
 * <p>And {@code lossAndGradient} and {@code loss} take the rows in blocks of {@link #rowBlock}
 * (four, or two without matrix work, or one when all of a row's work is unrolled), then the
 * remaining rows one at a time. Every statement of a per-row value is written once per row of the
 * block inside the same loop nest ({@code s5_0 += p[…] * d[r + k]; s5_0_r1 += p[…] * d[r_r1 + k];
 * …}), so each param element loaded serves the whole block and the rows' sums are independent
 * chains; the copies of per-row locals take the suffix {@code _r1}, {@code _r2}…, and row {@code b}
 * of a scratch array sits at {@code b × size}. Each row's value is the same expression as alone,
 * and the rows are added to the loss and gradient sums in row order ({@code g[i] = g[i] + row0 +
 * row1}, left to right, each sum rounded), so a blocked kernel's results are bit for bit those of
 * the one-row loop, whatever the row range.
 *
 * <p>With SIMD (the JDK's Vector API) the same sums keep their four lanes in one vector ({@code
 * s5v = s5v.add(w.mul(x))}, lane {@code l} being partial sum {@code l}), and the innermost loop of
 * an elementwise nest or a gradient accumulation takes four elements a step, wherever every
 * operand is a broadcast or four consecutive array elements ({@link ElementReader#vectorRead}) and
 * the op has an exact lane-wise twin ({@link VectorSyntax}); everything else stays scalar. Each
 * lane computes what the scalar code computes, so a SIMD kernel's bits are its scalar twin's.
 */
final class MethodWriter {
  enum Mode {
    TRAIN,
    LOSS,
    PREDICT,
    /** {@code sgdEpoch}: TRAIN's body once per batch, then the SGD step, params kept in locals. */
    EPOCH
  }

  /** The most parameter values a model may have for an epoch kernel: each is a few locals. */
  static final int EPOCH_MAX_PARAMS = 64;

  private final Graph graph;
  private final StoragePlan plan;
  private final JavaNames names;
  private final KernelShape kernel;
  private final Mode mode;
  private final SortedMap<Integer, Integer> scratch;
  private final SortedMap<Integer, double[]> constants;
  private final CodeBlock.Builder code = CodeBlock.builder();
  private final java.util.Set<Integer> inlined = new java.util.HashSet<>();
  /** Whether to write SIMD code where it computes the same bits (see the class doc). */
  private final boolean simd;
  /** Filled with the species fields the SIMD code reads ({@link VectorSyntax#DOUBLES} …). */
  private final java.util.Set<String> species;
  private final ElementReader reads;

  static final int LANES = 4;
  static final int SPLIT_FROM = 8;
  /** The most rows at a time when no rolled nest runs over a matrix (see {@link #hasMatrixNest}). */
  static final int PLAIN_ROW_BLOCK = 2;
  /** The key in the scratch table of the f32 kernels' params widened to double once per call. */
  static final int WIDENED_PARAMS = -1;

  private final int small;
  private final int unrollBudget;
  private final int rowBlock;
  private final boolean fitsEpoch;
  /** Rows handled by one iteration of the row loop being written: {@link #rowBlock} or 1. */
  private int block = 1;

  /**
   * @param scratch filled with the scratch arrays the method needs (node → size)
   * @param constants filled with the constant arrays the method needs (node → values)
   * @param budget the unroll budget of the {@link StoragePlan}
   * @param rowBlock rows per iteration of the main row loop (1: no blocking); {@code predict}
   *     ignores it
   * @param species null for scalar code; else filled with the vector species fields the SIMD
   *     code reads
   */
  MethodWriter(
      Graph graph,
      Mode mode,
      JavaNames names,
      KernelShape kernel,
      SortedMap<Integer, Integer> scratch,
      SortedMap<Integer, double[]> constants,
      int budget,
      int rowBlock,
      java.util.Set<String> species) {
    this.graph = graph;
    this.simd = species != null;
    this.species = species;
    int rows = mode == Mode.PREDICT ? 1 : rowBlock;
    this.small = Math.min(StoragePlan.SMALL, budget);
    this.unrollBudget = budget;
    this.mode = mode;
    this.names = names;
    this.kernel = kernel;
    this.scratch = scratch;
    this.constants = constants;
    List<Integer> roots = new ArrayList<>();
    List<Integer> rolledSinks = new ArrayList<>();
    if (mode == Mode.PREDICT) {
      roots.add(graph.output());
      if (graph.node(graph.output()).shape().size() > unrollBudget) {
        rolledSinks.add(graph.output());
      }
    } else {
      roots.add(graph.loss());
    }
    if (trains()) {
      for (Map.Entry<String, Integer> gradient : graph.gradients().entrySet()) {
        if (!graph.node(gradient.getValue()).isConstant(0)) {
          roots.add(gradient.getValue());
          if (graph.node(gradient.getValue()).shape().size() > small) {
            rolledSinks.add(gradient.getValue());
          }
        }
      }
    }
    this.plan = new StoragePlan(graph, roots, rolledSinks, budget);
    this.reads = new ElementReader(graph, plan, names, kernel, constants, species);
    if (!hasRolledRowNest(rolledSinks)) {
      rows = 1;
    } else if (!hasMatrixNest(rolledSinks)) {
      rows = Math.min(rows, PLAIN_ROW_BLOCK);
    }
    this.rowBlock = rows;
    if (mode == Mode.TRAIN) {
      findInlinedGradients(rolledSinks);
    }
    this.fitsEpoch = mode == Mode.EPOCH && rolledSinks.isEmpty() && !hasRolledRowNest(rolledSinks)
        && kernel.layout().parameterCount() <= EPOCH_MAX_PARAMS;
  }

  private boolean trains() {
    return mode == Mode.TRAIN || mode == Mode.EPOCH;
  }

  /**
   * For {@link Mode#EPOCH}: whether the model is small enough for an epoch kernel (every value of
   * a row in locals, every gradient summed in locals, at most {@value #EPOCH_MAX_PARAMS} params).
   * {@link #write} must not be called otherwise.
   */
  boolean fitsEpoch() {
    return fitsEpoch;
  }

  /**
   * Whether the row loop has a rolled nest. Where all of a row's work is unrolled into locals
   * (small models), blocking was measured to gain nothing, so their kernels stay one row at a time.
   */
  private boolean hasRolledRowNest(List<Integer> rolledSinks) {
    for (int id = 0; id < graph.size(); id++) {
      boolean computed = switch (graph.node(id).op()) {
        case PARAM, INPUT, CONSTANT, BROADCAST, TRANSPOSE, INDEX, INDEX_ADJOINT, ONE_HOT -> false;
        default -> true;
      };
      if (computed && plan.live(id) && plan.perRow(id) && !plan.unrolled(id)) {
        return true;
      }
    }
    for (int sink : rolledSinks) {
      if (plan.perRow(sink)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a rolled nest of the row loop runs over a matrix: a matrix–vector product or an outer
   * product. Measured on linear regression and a tanh network (f64, Java 17, AMD EPYC): four rows
   * at a time pay where each param element read serves four rows' matrix work (tanh network 1.4×
   * faster); with vectors alone, two rows are 1.3× faster and four slower than one row (not
   * SuperWord, not loop unrolling: switching either off changes nothing).
   */
  private boolean hasMatrixNest(List<Integer> rolledSinks) {
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      boolean rolled = plan.live(id) && plan.perRow(id) && !plan.unrolled(id);
      boolean matrix = node.shape().rank() == 2
          || (node.op() == Op.MATMUL && graph.node(node.input(0)).shape().rank() == 2);
      if (rolled && matrix && node.op() != Op.PARAM && node.op() != Op.INPUT) {
        return true;
      }
    }
    for (int sink : rolledSinks) {
      if (plan.perRow(sink) && graph.node(sink).shape().rank() == 2) {
        return true;
      }
    }
    return false;
  }

  /**
   * Large per-row elementwise gradients read by nothing but their own accumulation: those are
   * computed inside the accumulation loop instead of into scratch.
   */
  private void findInlinedGradients(List<Integer> rolledSinks) {
    int[] readers = new int[graph.size()];
    for (int id = 0; id < graph.size(); id++) {
      if (plan.live(id)) {
        for (int input : graph.node(id).inputs()) {
          readers[input]++;
        }
      }
    }
    for (int sink : rolledSinks) {
      readers[sink]++;
    }
    readers[graph.loss()]++;
    for (int sink : rolledSinks) {
      Op op = graph.node(sink).op();
      boolean elementwise =
          op == Op.OUTER || op.kind() == Op.Kind.UNARY || op.kind() == Op.Kind.BINARY;
      if (elementwise && plan.perRow(sink) && !plan.unrolled(sink) && readers[sink] == 1) {
        inlined.add(sink);
      }
    }
  }

  CodeBlock write() {
    String rowOffset = names.rowOffset();
    if (mode == Mode.EPOCH) {
      writeEpoch();
      return code.build();
    }
    if (mode == Mode.PREDICT) {
      code.addStatement("int $L = $L * $L", rowOffset, names.row(), kernel.rowWidth());
      computeAll(false);
      computeAll(true);
      writeOutput();
      return code.build();
    }
    code.addStatement("double $L = 0.0", names.loss());
    widenParams();
    computeAll(false);
    if (mode == Mode.TRAIN) {
      declareAccumulators();
    }
    if (rowBlock > 1) {
      code.addStatement("int $L = $L", names.row(), names.from());
      code.beginControlFlow(
          "for (; $L <= $L - $L; $L += $L)",
          names.row(), names.to(), rowBlock, names.row(), rowBlock);
      block = rowBlock;
      rowBody();
      block = 1;
      code.endControlFlow();
      code.beginControlFlow("for (; $L < $L; $L++)", names.row(), names.to(), names.row());
    } else {
      code.beginControlFlow(
          "for (int $L = $L; $L < $L; $L++)",
          names.row(), names.from(), names.row(), names.to(), names.row());
    }
    rowBody();
    code.endControlFlow();
    if (mode == Mode.TRAIN) {
      flushAccumulators();
    }
    code.addStatement("return $L", names.loss());
    return code.build();
  }

  /** One iteration of the row loop: {@link #block} rows' values, loss and gradient sums. */
  private void rowBody() {
    String rowOffset = names.rowOffset();
    if (mode == Mode.EPOCH) {
      code.addStatement("int $L = ($L == null ? $L : $L[$L]) * $L",
          rowOffset, names.order(), names.row(), names.order(), names.row(), kernel.rowWidth());
    } else {
      code.addStatement("int $L = $L * $L", rowOffset, names.row(), kernel.rowWidth());
    }
    for (int b = 1; b < block; b++) {
      code.addStatement(
          "int $L = $L + $L", names.lane(rowOffset, b), rowOffset, b * kernel.rowWidth());
    }
    computeAll(true);
    addRows(names.loss(), () -> reads.access(graph.loss()));
    if (trains()) {
      accumulateGradients();
    }
  }

  /**
   * The body of {@code sgdEpoch}: for each batch, {@code lossAndGradient}'s body (values and sums
   * in locals, the current params too, carried from step to step in {@code curN} and stored into
   * the array after each step), then what the trainer does with its result, in
   * its order: the gradient as the zeroed array it adds into holds it ({@code 0.0 + sum}),
   * divided by the batch's rows for a mean over two or more, the step {@code p + (−lr)·g}
   * ({@code Sgd}), and the check that loss, gradient and new params are all finite ({@code x − x}
   * is 0 exactly for a finite {@code x}, NaN otherwise), before the new params are stored (as
   * float in an f32 kernel, as its objective rounds them).
   */
  private void writeEpoch() {
    List<String> gradients = new ArrayList<>();
    List<String> nexts = new ArrayList<>();
    code.addStatement("double $L = 0.0", names.epochTotal());
    code.addStatement("int $L = 0", names.steps());
    int count = kernel.layout().parameterCount();
    for (int i = 0; i < count; i++) {
      String param = names.param() + "[" + i + "]";
      code.addStatement("double $L = $L", names.currentParam(i), kernel.isFloat() ? "(double) " + param : param);
    }
    reads.readParamsFromLocals();
    code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)",
        names.from(), names.from(), names.rows(), names.from(), names.batch());
    code.addStatement("int $L = Math.min($L + $L, $L)", names.to(), names.from(), names.batch(), names.rows());
    code.addStatement("double $L = 0.0", names.loss());
    widenParams();
    computeAll(false);
    declareAccumulators();
    code.beginControlFlow(
        "for (int $L = $L; $L < $L; $L++)",
        names.row(), names.from(), names.row(), names.to(), names.row());
    rowBody();
    code.endControlFlow();
    code.addStatement("int $L = $L - $L", names.count(), names.to(), names.from());
    for (io.gradgen.runtime.ParamSlot slot : kernel.layout().params()) {
      int gradient = graph.gradients().get(slot.name());
      boolean zero = graph.node(gradient).isConstant(0);
      for (int flat = 0; flat < slot.size(); flat++) {
        String name = names.stepGradient(slot.offset() + flat);
        gradients.add(name);
        code.addStatement("double $L = $L", name,
            zero ? "0.0" : "0.0 + " + names.accumulator(slot.offset(), flat));
      }
    }
    code.beginControlFlow("if ($L && $L > 1)", names.mean(), names.count());
    for (String gradient : gradients) {
      code.addStatement("$L = $L / $L", gradient, gradient, names.count());
    }
    code.endControlFlow();
    for (int i = 0; i < gradients.size(); i++) {
      String next = names.stepParam(i);
      nexts.add(next);
      code.addStatement("double $L = $L + -$L * $L", next, names.currentParam(i), names.lr(), gradients.get(i));
    }
    StringBuilder check = new StringBuilder("(" + names.loss() + " - " + names.loss() + ")");
    for (String value : gradients) {
      check.append(" + (").append(value).append(" - ").append(value).append(")");
    }
    for (String value : nexts) {
      check.append(" + (").append(value).append(" - ").append(value).append(")");
    }
    code.beginControlFlow("if ($L != 0.0)", check);
    code.addStatement("break");
    code.endControlFlow();
    for (int i = 0; i < nexts.size(); i++) {
      String current = names.currentParam(i);
      if (kernel.isFloat()) {
        code.addStatement("$L = (double) (float) $L", current, nexts.get(i));
        code.addStatement("$L[$L] = (float) $L", names.param(), i, current);
      } else {
        code.addStatement("$L = $L", current, nexts.get(i));
        code.addStatement("$L[$L] = $L", names.param(), i, current);
      }
    }
    code.addStatement("$L += $L", names.epochTotal(), names.loss());
    code.addStatement("$L++", names.steps());
    code.endControlFlow();
    code.addStatement("$L[0] = $L", names.epochLoss(), names.epochTotal());
    code.addStatement("return $L", names.steps());
  }

  /**
   * {@code target += term} for each row of the block in row order, as one statement {@code target
   * = target + (row 0) + (row 1) …}: Java adds left to right, rounding each sum to double, so this
   * is bit for bit the additions of the one-row loop.
   */
  private void addRows(String target, java.util.function.Supplier<String> term) {
    if (block == 1) {
      code.addStatement("$L += $L", target, term.get());
      return;
    }
    StringBuilder sum = new StringBuilder(target);
    for (int b = 0; b < block; b++) {
      reads.setLane(b);
      sum.append(" + ").append(parenthesized(term.get()));
    }
    reads.setLane(0);
    code.addStatement("$L = $L", target, sum);
  }

  /** {@code term} as an operand of {@code +}: a name, an array element or a parenthesized whole. */
  private static String parenthesized(String term) {
    if (term.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\[[^\\[\\]()]*\\])?")) {
      return term;
    }
    if (term.startsWith("(") && term.endsWith(")")) {
      int depth = 0;
      for (int i = 0; i < term.length(); i++) {
        depth += term.charAt(i) == '(' ? 1 : term.charAt(i) == ')' ? -1 : 0;
        if (depth == 0 && i < term.length() - 1) {
          return "(" + term + ")";
        }
      }
      return term;
    }
    return "(" + term + ")";
  }

  /**
   * Runs {@code write} once per row of the block, the reader's lane set to each in turn, when {@code
   * perRow}; once otherwise. Every statement of a per-row value is written this way, inside the
   * loop nest shared by the rows.
   */
  private void forLanes(boolean perRow, Runnable write) {
    int count = perRow ? block : 1;
    for (int b = 0; b < count; b++) {
      reads.setLane(b);
      write.run();
    }
    reads.setLane(0);
  }

  /**
   * An f32 kernel whose rolled loops read params widens them all to double once per call, so that
   * the loops convert only the data.
   */
  private void widenParams() {
    if (!kernel.isFloat()) {
      return;
    }
    boolean readInLoops = false;
    for (int id = 0; id < graph.size(); id++) {
      readInLoops |= plan.live(id) && graph.node(id).op() == Op.PARAM && !plan.local(id);
    }
    if (!readInLoops) {
      return;
    }
    int count = kernel.layout().parameterCount();
    scratch.put(WIDENED_PARAMS, count);
    String i = names.loop(0);
    code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, count, i);
    code.addStatement("$L[$L] = $L[$L]", names.widenedParams(), i, names.param(), i);
    code.endControlFlow();
    reads.widen();
  }

  private void computeAll(boolean perRow) {
    for (int id = 0; id < graph.size(); id++) {
      if (plan.live(id) && plan.perRow(id) == perRow && !inlined.contains(id)) {
        compute(id);
      }
    }
  }

  // The gradient sums: locals for small params, added into g once after the row loop.

  private void declareAccumulators() {
    forEachGradient((slot, gradient) -> {
      if (accumulatesInLocals(gradient)) {
        for (int flat = 0; flat < slot.size(); flat++) {
          code.addStatement("double $L = 0.0", names.accumulator(slot.offset(), flat));
        }
      }
    });
  }

  private void accumulateGradients() {
    forEachGradient((slot, gradient) -> {
      if (accumulatesInLocals(gradient)) {
        for (int flat = 0; flat < slot.size(); flat++) {
          Ix[] index = unflatten(graph.node(gradient).shape(), flat);
          addRows(names.accumulator(slot.offset(), flat), () -> reads.access(gradient, index));
        }
      } else {
        Shape shape = graph.node(gradient).shape();
        nest(shape, (index, v) -> {
          // Every row of the block adds its term, as addRows does, whether or not it is per row.
          List<String> terms = perLane(true, () -> inlined.contains(gradient)
              ? reads.vectorElement(gradient, index, v)
              : reads.vectorRead(gradient, index, v));
          if (terms == null) {
            return null;
          }
          String at = flatten(shape, index).plus(slot.offset()).code();
          StringBuilder sum = new StringBuilder(reads.load(names.gradient(), at, false));
          terms.forEach(term -> sum.append(".add(").append(term).append(")"));
          return List.of(VectorSyntax.store(sum.toString(), names.gradient(), at));
        }, index -> addRows(
            names.gradient() + "[" + flatten(shape, index).plus(slot.offset()).code() + "]",
            () -> inlined.contains(gradient)
                ? reads.elementExpression(gradient, index)
                : reads.access(gradient, index)));
      }
    });
  }

  private void flushAccumulators() {
    forEachGradient((slot, gradient) -> {
      if (accumulatesInLocals(gradient)) {
        for (int flat = 0; flat < slot.size(); flat++) {
          code.addStatement(
              "$L[$L] += $L",
              names.gradient(),
              slot.offset() + flat,
              names.accumulator(slot.offset(), flat));
        }
      }
    });
  }

  private boolean accumulatesInLocals(int gradient) {
    return graph.node(gradient).shape().size() <= small;
  }

  private interface GradientAction {
    void apply(io.gradgen.runtime.ParamSlot slot, int gradient);
  }

  private void forEachGradient(GradientAction action) {
    for (io.gradgen.runtime.ParamSlot slot : kernel.layout().params()) {
      int gradient = graph.gradients().get(slot.name());
      if (!graph.node(gradient).isConstant(0)) {
        action.apply(slot, gradient);
      }
    }
  }

  private void writeOutput() {
    int output = graph.output();
    Shape shape = graph.node(output).shape();
    if (shape.size() <= unrollBudget) {
      for (int flat = 0; flat < shape.size(); flat++) {
        code.addStatement("$L[$L] = $L", names.output(), flat, reads.access(output, unflatten(shape, flat)));
      }
    } else {
      Ix[] index = openLoops(shape);
      code.addStatement("$L[$L] = $L", names.output(), flatten(shape, index).code(), reads.access(output, index));
      closeLoops(shape);
    }
  }

  // One loop nest per value.

  private void compute(int id) {
    Node node = graph.node(id);
    switch (node.op()) {
      case PARAM, INPUT -> {
        if (plan.local(id)) {
          for (int flat = 0; flat < node.shape().size(); flat++) {
            int element = flat;
            forLanes(plan.perRow(id), () -> code.addStatement(
                "double $L = $L", reads.localName(id, element), reads.leafArrayElement(id, Ix.of(element))));
          }
        } else if (simd && kernel.isFloat() && node.op() == Op.INPUT && node.shape().size() >= LANES) {
          widenInput(id);
        }
      }
      case CONSTANT, BROADCAST, TRANSPOSE, INDEX, INDEX_ADJOINT, ONE_HOT -> {
        // Literals and views: read where they are used.
      }
      case SUM -> reduce(id, false, "");
      case NORM -> reduce(id, true, "Math.sqrt");
      case MATMUL -> matmul(id);
      case LOGSUMEXP -> logsumexp(id);
      default -> elementwise(id, index -> reads.elementExpression(id, index));
    }
  }

  /**
   * A SIMD f32 kernel copies each row's floats that its loops read into doubles once, four at a
   * time, so that a matrix–vector product does not widen the same floats once per output row; the
   * loops then read the copy (the widening is exact: the same bits as {@code (double) d[…]}).
   */
  private void widenInput(int id) {
    int size = graph.node(id).shape().size();
    int whole = size - size % LANES;
    String i = names.loop(0);
    Ix at = Ix.variable(i);
    scratch.merge(id, block * size, Math::max);
    species.add(VectorSyntax.DOUBLES);
    species.add(VectorSyntax.FLOATS);
    forLanes(true, () -> {
      ElementReader.Slot from = reads.dataSlot(id, at);
      String into = at.plus(reads.lane() * size).code();
      code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", i, i, whole, i, LANES);
      code.addStatement("$L", VectorSyntax.store(
          VectorSyntax.load(from.array(), from.index().code(), true), names.scratch(id), into));
      code.endControlFlow();
      if (whole < size) {
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", i, whole, i, size, i);
        code.addStatement("$L[$L] = (double) $L[$L]", names.scratch(id), into, from.array(), from.index().code());
        code.endControlFlow();
      }
    });
    reads.widenInput(id);
  }

  private interface Term {
    String at(Ix k);
  }

  /** Σ term(k) for k in [0, n), written out, split into lanes when long (see the class doc). */
  private static String unrolledSum(int n, Term term) {
    if (n < SPLIT_FROM) {
      List<String> terms = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        terms.add(term.at(Ix.of(k)));
      }
      return String.join(" + ", terms);
    }
    String[] lanes = new String[LANES];
    for (int lane = 0; lane < LANES; lane++) {
      List<String> terms = new ArrayList<>();
      for (int k = lane; k < n; k += LANES) {
        terms.add(term.at(Ix.of(k)));
      }
      lanes[lane] = "(" + String.join(" + ", terms) + ")";
    }
    return "(" + lanes[0] + " + " + lanes[1] + ") + (" + lanes[2] + " + " + lanes[3] + ")";
  }

  /**
   * Σ term(k) for k in [0, n) as a rolled loop over {@code k}, into partial-sum locals declared
   * here, for each row of the block when {@code perRow}; {@link #finishSum} then gives the
   * expression that finishes one row's sum.
   */
  private void rolledSum(int id, int n, boolean perRow, Term term, Term vectorTerm) {
    String k = names.loop(2);
    Ix kk = Ix.variable(k);
    int parts = n < SPLIT_FROM ? 1 : LANES;
    int whole = n - n % parts;
    if (!(simd && parts == LANES && vectorSum(id, n, perRow, vectorTerm))) {
      for (int part = 0; part < parts; part++) {
        String sum = names.partialSum(id, part);
        forLanes(perRow, () -> code.addStatement("double $L = 0.0", reads.laned(sum)));
      }
      if (parts == 1) {
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, n, k);
      } else {
        code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", k, k, whole, k, LANES);
      }
      for (int part = 0; part < parts; part++) {
        String sum = names.partialSum(id, part);
        Ix at = kk.plus(part);
        forLanes(perRow, () -> code.addStatement("$L += $L", reads.laned(sum), term.at(at)));
      }
      code.endControlFlow();
    }
    for (int k2 = whole; k2 < n; k2++) {
      String sum = names.partialSum(id, k2 - whole);
      Ix at = Ix.of(k2);
      forLanes(perRow, () -> code.addStatement("$L += $L", reads.laned(sum), term.at(at)));
    }
  }

  /**
   * {@link #rolledSum}'s partial sums and loop with one vector of {@value #LANES} partial sums per
   * row: lane {@code l} adds the terms {@code k ≡ l (mod 4)} in the order the scalar lane {@code
   * l} does, so the lanes end with the scalar partial sums' bits; they are then read out into the
   * partial-sum locals, to which {@link #rolledSum} adds the terms past the last whole vector.
   * False, having written nothing, where a term has no vector form.
   */
  private boolean vectorSum(int id, int n, boolean perRow, Term vectorTerm) {
    String k = names.loop(2);
    Ix kk = Ix.variable(k);
    List<String> terms = vectorTerm == null ? null : perLane(perRow, () -> vectorTerm.at(kk));
    if (terms == null) {
      return false;
    }
    species.add(VectorSyntax.DOUBLES);
    String vector = names.vectorSum(id);
    forLanes(perRow, () -> code.addStatement("$T $L = $L", VectorSyntax.DOUBLE_VECTOR, reads.laned(vector), VectorSyntax.zero()));
    int whole = n - n % LANES;
    code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", k, k, whole, k, LANES);
    for (int b = 0; b < terms.size(); b++) {
      reads.setLane(b);
      code.addStatement("$L = $L.add($L)", reads.laned(vector), reads.laned(vector), terms.get(b));
    }
    reads.setLane(0);
    code.endControlFlow();
    for (int part = 0; part < LANES; part++) {
      int l = part;
      forLanes(perRow, () -> code.addStatement(
          "double $L = $L", reads.laned(names.partialSum(id, l)), VectorSyntax.lane(reads.laned(vector), l)));
    }
    return true;
  }

  /** The expression finishing the current lane's sum from {@link #rolledSum}. */
  private String finishSum(int id, int n) {
    if (n < SPLIT_FROM) {
      return reads.laned(names.partialSum(id, 0));
    }
    String[] parts = new String[LANES];
    for (int part = 0; part < LANES; part++) {
      parts[part] = reads.laned(names.partialSum(id, part));
    }
    return "(" + parts[0] + " + " + parts[1] + ") + (" + parts[2] + " + " + parts[3] + ")";
  }

  private interface ElementExpression {
    String at(Ix[] index);
  }

  private void elementwise(int id, ElementExpression expression) {
    Shape shape = graph.node(id).shape();
    if (plan.unrolled(id)) {
      for (int flat = 0; flat < shape.size(); flat++) {
        Ix[] index = unflatten(shape, flat);
        forLanes(plan.perRow(id), () -> assign(id, index, expression.at(index)));
      }
    } else if (!(simd && graph.node(id).op() == Op.TANH && bulkTanh(id))) {
      nest(shape, (index, v) -> perLane(plan.perRow(id), () -> {
        String value = reads.vectorElement(id, index, v);
        if (value == null) {
          return null;
        }
        scratch.merge(id, block * shape.size(), Math::max);
        return VectorSyntax.store(value, names.scratch(id), reads.scratchIndex(id, index).code());
      }), index -> forLanes(plan.perRow(id), () -> assign(id, index, expression.at(index))));
    }
  }

  /**
   * {@code tanh} of a whole value held in a double array, into scratch, as one call per row of
   * {@code VectorFunctions.tanh}, which gives {@code Functions.tanh}'s bits. False, having written
   * nothing, where the operand is a view or floats.
   */
  private boolean bulkTanh(int id) {
    int operand = graph.node(id).input(0);
    if (StoragePlan.isView(graph.node(operand).op()) || plan.local(operand)) {
      return false;
    }
    Ix[] start = new Ix[graph.node(id).shape().rank()];
    java.util.Arrays.fill(start, Ix.of(0));
    if (reads.slot(operand, start).floats()) {
      return false;
    }
    int size = graph.node(id).shape().size();
    scratch.merge(id, block * size, Math::max);
    forLanes(plan.perRow(id), () -> {
      ElementReader.Slot from = reads.slot(operand, start);
      code.addStatement("$T.tanh($L, $L, $L, $L, $L)", VectorSyntax.FUNCTIONS, from.array(), from.index().code(),
          names.scratch(id), reads.scratchIndex(id, start).code(), size);
    });
    return true;
  }

  private interface VectorStatements {
    /** The statements of one step of the vector loop over {@code v}, or null if there are none. */
    List<String> at(Ix[] index, Ix v);
  }

  private interface ScalarBody {
    void write(Ix[] index);
  }

  /**
   * A rolled nest over {@code shape} whose innermost loop takes {@value #LANES} elements a step
   * where {@code vector} has statements for it (SIMD only), the elements past the last whole
   * vector, and every element of a nest without vector statements, as {@code scalar} writes them.
   */
  private void nest(Shape shape, VectorStatements vector, ScalarBody scalar) {
    int rank = shape.rank();
    Ix[] index = new Ix[rank];
    for (int axis = 0; axis < rank; axis++) {
      index[axis] = Ix.variable(names.loop(axis));
    }
    List<String> statements =
        simd && rank > 0 && shape.dim(rank - 1) >= LANES ? vector.at(index, index[rank - 1]) : null;
    if (statements == null) {
      scalar.write(openLoops(shape));
      closeLoops(shape);
      return;
    }
    species.add(VectorSyntax.DOUBLES);
    for (int axis = 0; axis < rank - 1; axis++) {
      String variable = index[axis].code();
      code.beginControlFlow(
          "for (int $L = 0; $L < $L; $L++)", variable, variable, shape.dim(axis), variable);
    }
    String v = index[rank - 1].code();
    int dim = shape.dim(rank - 1);
    int whole = dim - dim % LANES;
    code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", v, v, whole, v, LANES);
    for (String statement : statements) {
      code.addStatement("$L", statement);
    }
    code.endControlFlow();
    if (whole < dim) {
      code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", v, whole, v, dim, v);
      scalar.write(index);
      code.endControlFlow();
    }
    for (int axis = 0; axis < rank - 1; axis++) {
      code.endControlFlow();
    }
  }

  /**
   * {@code write} for each row of the block (the reader's lane set to it) when {@code perRow}, once
   * otherwise; null if any gives null.
   */
  private List<String> perLane(boolean perRow, java.util.function.Supplier<String> write) {
    List<String> out = new ArrayList<>();
    int count = perRow ? block : 1;
    for (int b = 0; b < count; b++) {
      reads.setLane(b);
      String text = write.get();
      if (text == null) {
        reads.setLane(0);
        return null;
      }
      out.add(text);
    }
    reads.setLane(0);
    return out;
  }

  /** sum or norm: every element of the operand, squared for the norm, then finished. */
  private void reduce(int id, boolean squared, String finish) {
    int operand = graph.node(id).input(0);
    Shape shape = graph.node(operand).shape();
    boolean perRow = plan.perRow(id);
    if (plan.unrolled(id)) {
      forLanes(perRow, () -> {
        String sum = unrolledSum(shape.size(), k -> {
          String element = reads.access(operand, unflatten(shape, k.value()));
          return squared ? element + " * " + element : element;
        });
        code.addStatement(
            "double $L = $L", reads.localName(id, 0), finish.isEmpty() ? sum : finish + "(" + sum + ")");
      });
    } else {
      rolledSum(id, shape.size(), perRow, k -> {
        String element = reads.access(operand, unflatten(shape, k));
        return squared ? element + " * " + element : element;
      }, k -> {
        String element = shape.rank() <= 1 ? reads.vectorRead(operand, unflatten(shape, k), k) : null;
        return element == null || !squared ? element : VectorSyntax.binary(Op.MUL, element, element);
      });
      forLanes(perRow, () -> {
        String sum = finishSum(id, shape.size());
        code.addStatement(
            "double $L = $L", reads.localName(id, 0), finish.isEmpty() ? sum : finish + "(" + sum + ")");
      });
    }
  }

  private void logsumexp(int id) {
    int operand = graph.node(id).input(0);
    Shape shape = graph.node(operand).shape();
    boolean perRow = plan.perRow(id);
    String maxName = names.element(id, 0) + "max";
    String sumName = names.element(id, 0) + "sum";
    if (plan.unrolled(id)) {
      forLanes(perRow, () -> {
        String max = reads.laned(maxName);
        String maximum = JavaSyntax.literal(Double.NEGATIVE_INFINITY);
        List<String> exponentials = new ArrayList<>();
        for (int flat = 0; flat < shape.size(); flat++) {
          String element = reads.access(operand, unflatten(shape, flat));
          maximum = "Math.max(" + maximum + ", " + element + ")";
          exponentials.add("Math.exp(" + element + " - " + max + ")");
        }
        code.addStatement("double $L = $L", max, maximum);
        code.addStatement("double $L = $L", reads.laned(sumName), String.join(" + ", exponentials));
      });
    } else {
      forLanes(perRow, () ->
          code.addStatement("double $L = Double.NEGATIVE_INFINITY", reads.laned(maxName)));
      Ix[] index = openLoops(shape);
      forLanes(perRow, () -> code.addStatement(
          "$L = Math.max($L, $L)", reads.laned(maxName), reads.laned(maxName), reads.access(operand, index)));
      closeLoops(shape);
      forLanes(perRow, () -> code.addStatement("double $L = 0.0", reads.laned(sumName)));
      Ix[] again = openLoops(shape);
      forLanes(perRow, () -> code.addStatement(
          "$L += Math.exp($L - $L)", reads.laned(sumName), reads.access(operand, again), reads.laned(maxName)));
      closeLoops(shape);
    }
    forLanes(perRow, () -> {
      String max = reads.laned(maxName);
      code.addStatement(
          "double $L = Double.isInfinite($L) ? $L : $L + Math.log($L)",
          reads.localName(id, 0), max, max, max, reads.laned(sumName));
    });
  }

  /** The four shapes of the product, one nest: output indices outside, the inner sum inside. */
  private void matmul(int id) {
    Node node = graph.node(id);
    int a = node.input(0);
    int b = node.input(1);
    Shape sa = graph.node(a).shape();
    Shape sb = graph.node(b).shape();
    Shape out = node.shape();
    int inner = sa.dim(sa.rank() - 1);
    if (plan.unrolled(id)) {
      for (int flat = 0; flat < out.size(); flat++) {
        Ix[] index = unflatten(out, flat);
        forLanes(plan.perRow(id), () -> assign(id, index, unrolledSum(inner, k ->
            reads.access(a, operandIndex(sa, sb, index, k, true)) + " * "
                + reads.access(b, operandIndex(sa, sb, index, k, false)))));
      }
      return;
    }
    Ix[] index = openLoops(out);
    rolledSum(id, inner, plan.perRow(id), k ->
        reads.access(a, operandIndex(sa, sb, index, k, true)) + " * "
            + reads.access(b, operandIndex(sa, sb, index, k, false)), k -> {
          String left = reads.vectorRead(a, operandIndex(sa, sb, index, k, true), k);
          String right = reads.vectorRead(b, operandIndex(sa, sb, index, k, false), k);
          return left == null || right == null ? null : VectorSyntax.binary(Op.MUL, left, right);
        });
    forLanes(plan.perRow(id), () -> assign(id, index, finishSum(id, inner)));
    closeLoops(out);
  }

  /** The index into the left ({@code left}) or right operand for output {@code index}, inner k. */
  private static Ix[] operandIndex(Shape sa, Shape sb, Ix[] index, Ix k, boolean left) {
    if (left) {
      return sa.rank() == 2 ? new Ix[] {index[0], k} : new Ix[] {k};
    }
    if (sb.rank() == 1) {
      return new Ix[] {k};
    }
    return new Ix[] {k, index[index.length - 1]};
  }

  private void assign(int id, Ix[] index, String expression) {
    Shape shape = graph.node(id).shape();
    if (plan.local(id)) {
      code.addStatement("double $L = $L", reads.localName(id, flatten(shape, index).value()), expression);
    } else {
      scratch.merge(id, block * shape.size(), Math::max);
      code.addStatement("$L[$L] = $L", names.scratch(id), reads.scratchIndex(id, index).code(), expression);
    }
  }

  // Index helpers.

  private Ix[] openLoops(Shape shape) {
    Ix[] index = new Ix[shape.rank()];
    for (int axis = 0; axis < shape.rank(); axis++) {
      String variable = names.loop(axis);
      code.beginControlFlow(
          "for (int $L = 0; $L < $L; $L++)", variable, variable, shape.dim(axis), variable);
      index[axis] = Ix.variable(variable);
    }
    return index;
  }

  private void closeLoops(Shape shape) {
    for (int axis = 0; axis < shape.rank(); axis++) {
      code.endControlFlow();
    }
  }

  static Ix flatten(Shape shape, Ix[] index) {
    if (shape.rank() == 0) {
      return Ix.of(0);
    }
    if (shape.rank() == 1) {
      return index[0];
    }
    return index[0].times(shape.dim(1)).plus(index[1]);
  }

  /** The index of flat position {@code flat}, constant or not. */
  static Ix[] unflatten(Shape shape, Ix flat) {
    if (flat.isConstant()) {
      return unflatten(shape, flat.value());
    }
    if (shape.rank() < 2) {
      return shape.rank() == 0 ? new Ix[0] : new Ix[] {flat};
    }
    String position = "(" + flat.code() + ")";
    return new Ix[] {
      Ix.variable(position + " / " + shape.dim(1)), Ix.variable(position + " % " + shape.dim(1))
    };
  }

  static Ix[] unflatten(Shape shape, int flat) {
    if (shape.rank() == 0) {
      return new Ix[0];
    }
    if (shape.rank() == 1) {
      return new Ix[] {Ix.of(flat)};
    }
    return new Ix[] {Ix.of(flat / shape.dim(1)), Ix.of(flat % shape.dim(1))};
  }
}
