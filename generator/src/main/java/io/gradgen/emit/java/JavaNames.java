package io.gradgen.emit.java;

import com.palantir.javapoet.NameAllocator;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.List;

/**
 * The one authority for identifiers in generated Java. Every name the emitter writes comes from
 * here, built on JavaPoet's {@link NameAllocator}, so no generated name can clash with another or
 * with a Java keyword. Values are named after the model's own names where they have one (params,
 * inputs, targets, named intermediates, the loss, and {@code d_NAME} for an adjoint, from the
 * graph's {@link io.gradgen.ir.Provenance}), the rest by node id; a model name that is a keyword or
 * taken gets a {@code _}. Names are never pasted together by a caller: each kind of name is one
 * method here, keyed by what it names.
 *
 * <pre>
 * value(loss)              → loss        value(12)                 → v12
 * element(w, 4)  (w [2,3]) → w_1_1       element(yhat, 1, lane 2)  → yhat_1_r2
 * scratch(h)               → h           partialSum(h, 3)          → h_s3
 * accumulator(w, 4)        → sum_d_w_1_1 className("class")        → Class_Kernel
 * </pre>
 */
final class JavaNames {
  private final NameAllocator allocator = new NameAllocator();
  private final Graph graph;
  private final ModelLayout layout;

  private static final String[] FIXED = {
    "p", "d", "g", "from", "to", "row", "r", "out", "lossSum", "i", "j", "k", "D4", "F4",
    "rows", "batch", "lr", "mean", "epochLoss", "total", "steps", "count", "order", "pd", "LAYOUT",
    "step", "optimizerStep", "EPOCH_SHAPE"
  };

  JavaNames(Graph graph, ModelLayout layout) {
    this.graph = graph;
    this.layout = layout;
    for (String fixed : FIXED) {
      allocator.newName(fixed, fixed);
    }
  }

  /** The static field holding the model's layout. */
  String layoutField() {
    return allocator.get("LAYOUT");
  }

  // The kernel contract's parameters, and the method's fixed locals.

  String param() {
    return allocator.get("p");
  }

  String data() {
    return allocator.get("d");
  }

  String gradient() {
    return allocator.get("g");
  }

  String from() {
    return allocator.get("from");
  }

  String to() {
    return allocator.get("to");
  }

  String row() {
    return allocator.get("row");
  }

  String output() {
    return allocator.get("out");
  }

  /** The sum of the rows' losses. */
  String lossSum() {
    return allocator.get("lossSum");
  }

  /** Where row {@code lane} of the block begins in the data array. */
  String rowOffset(int lane) {
    return lane == 0 ? allocator.get("r") : name("r_r" + lane, "rowOffset", lane);
  }

  /** Loop variables, by depth: i, j, then k for an inner sum. */
  String loop(int depth) {
    return allocator.get(new String[] {"i", "j", "k"}[depth]);
  }

  /** The field holding {@code DoubleVector.SPECIES_256}. */
  String doubleSpecies() {
    return allocator.get("D4");
  }

  /** The field holding {@code FloatVector.SPECIES_128}. */
  String floatSpecies() {
    return allocator.get("F4");
  }

  /** The scratch field holding an f32 kernel's params widened to double. */
  String widenedParams() {
    return allocator.get("pd");
  }

  /** The static field holding the epoch method's shape. */
  String epochShapeField() {
    return allocator.get("EPOCH_SHAPE");
  }

  // epoch's parameters and locals.

  /** The {@code EpochStep} parameter: the optimizer's settings, step count and buffers. */
  String epochStep() {
    return allocator.get("step");
  }

  /** The optimizer's step count, as the epoch's steps advance it. */
  String optimizerStep() {
    return allocator.get("optimizerStep");
  }

  /**
   * A local holding one of the optimizer's settings or per-step values ({@code beta1},
   * {@code stepSize}, {@code clip} …), named {@code setting}.
   */
  String setting(String setting) {
    return name(setting, "setting", setting);
  }

  /** The local of one of the optimizer's buffers ({@code m}, {@code v}, {@code buffer}), an array. */
  String bufferArray(String buffer) {
    return name(buffer, "bufferArray", buffer);
  }

  /** Flat parameter {@code index}'s element of optimizer buffer {@code buffer}, carried in a local. */
  String bufferElement(String buffer, int index) {
    return name(buffer + "_" + paramElement(index), "buffer:" + buffer, index);
  }

  /** The epoch's row order, or null for the data's own. */
  String order() {
    return allocator.get("order");
  }

  String rows() {
    return allocator.get("rows");
  }

  String batch() {
    return allocator.get("batch");
  }

  String lr() {
    return allocator.get("lr");
  }

  String mean() {
    return allocator.get("mean");
  }

  /** The one-element array receiving the epoch's summed loss. */
  String epochLoss() {
    return allocator.get("epochLoss");
  }

  String epochTotal() {
    return allocator.get("total");
  }

  String steps() {
    return allocator.get("steps");
  }

  /** The rows of the batch being stepped. */
  String count() {
    return allocator.get("count");
  }

  /** The batch gradient of flat parameter {@code index}, as the trainer's array would hold it. */
  String stepGradient(int index) {
    return name("grad_" + paramElement(index), "stepGradient", index);
  }

  /** Flat parameter {@code index} as the epoch kernel's steps carry it in a local. */
  String currentParam(int index) {
    return name("cur_" + paramElement(index), "currentParam", index);
  }

  /** Flat parameter {@code index}'s gradient as the optimizer's rule takes it: maximize's sign, the L2 term. */
  String optimizerGradient(int index) {
    return name("g_" + paramElement(index), "optimizerGradient", index);
  }

  /** Flat parameter {@code index} after the step. */
  String stepParam(int index) {
    return name("next_" + paramElement(index), "stepParam", index);
  }

  // Values, by node id; lane b > 0 is row b of a block of rows handled together.

  /** The local holding a scalar value. */
  String value(int node, int lane) {
    return laned(base(node), "value:" + node, lane);
  }

  /** The local holding one element of a small tensor. */
  String element(int node, int flat, int lane) {
    return laned(base(node) + suffix(graph.node(node).shape().dims(), flat), "element:" + node + "_" + flat, lane);
  }

  /** One of the partial sums of a long reduction (see {@link SumWriter}). */
  String partialSum(int node, int part, int lane) {
    return laned(base(node) + "_s" + part, "partial:" + node + "_" + part, lane);
  }

  /** The vector of a long reduction's partial sums, in a SIMD kernel. */
  String vectorSum(int node, int lane) {
    return laned(base(node) + "_sv", "vector:" + node, lane);
  }

  /** The running maximum of a logsumexp's operand. */
  String logsumexpMax(int node, int lane) {
    return laned(base(node) + "_max", "lseMax:" + node, lane);
  }

  /** The sum of a logsumexp's shifted exponentials. */
  String logsumexpSum(int node, int lane) {
    return laned(base(node) + "_expsum", "lseSum:" + node, lane);
  }

  /** The scratch array field of a large value. */
  String scratch(int node) {
    return name(base(node), "scratch", node);
  }

  /** The static array of a constant read by a rolled loop. */
  String constant(int node) {
    return name(base(node), "constant", node);
  }

  /** The {@code metrics} method's array of the row's metric values. */
  String metricValues() {
    return name("values", "metricValues", "");
  }

  /**
   * The nested class computing metric {@code index}, named {@code metric}: {@code abs_err} → {@code
   * Abs_errMetric}, never the kernel's own name (which ends in {@code Kernel}).
   */
  String metricClass(int index, String metric) {
    String base = NameAllocator.toJavaIdentifier(metric);
    return name(Character.toUpperCase(base.charAt(0)) + base.substring(1) + "Metric", "metricClass", index);
  }

  /** The kernel's instance of metric {@code index}'s class. */
  String metricField(int index, String metric) {
    return name(NameAllocator.toJavaIdentifier(metric) + "Metric", "metricField", index);
  }

  // The Hessian-vector product's method and its nested class (see HessianWriter).

  /** The direction parameter of {@code lossGradientAndHessianVector}. */
  String direction() {
    return name("v", "direction", "");
  }

  /** The {@code H·v} parameter of {@code lossGradientAndHessianVector}. */
  String hessianVector() {
    return name("hv", "hessianVector", "");
  }

  /** The nested class computing the Hessian-vector product. */
  String hessianClass() {
    return name("HessianVector", "hessianClass", "");
  }

  /** The kernel's instance of the Hessian-vector class. */
  String hessianField() {
    return name("hessianVector", "hessianField", "");
  }

  /** The nested class's field holding {@code [θ, v]}, the params its method reads. */
  String paramsAndDirection() {
    return name("pv", "paramsAndDirection", "");
  }

  /** The nested class's field holding {@code [g, H·v]}, the sums its method adds into. */
  String gradientAndProduct() {
    return name("gh", "gradientAndProduct", "");
  }

  /** The local accumulating one gradient element over the rows. */
  String accumulator(ParamSlot slot, int flat) {
    return name("sum_d_" + slot.name() + suffix(slot.shape(), flat), "accumulator", slot.offset() + flat);
  }

  /** A Java class name for a model name: letters and digits kept, the rest replaced. */
  static String className(String modelName) {
    String base = NameAllocator.toJavaIdentifier(modelName);
    String capitalised = Character.toUpperCase(base.charAt(0)) + base.substring(1);
    return new NameAllocator().newName(capitalised + "Kernel");
  }

  /** The model's name for a node, else {@code v12} (or {@code c12} for a constant). */
  private String base(int node) {
    return graph.provenance().name(node)
        .orElse((graph.node(node).op() == Op.CONSTANT ? "c" : "v") + node);
  }

  /** {@code w_1_2} for element 5 of a [2, 3] param {@code w}, from its flat index in the layout. */
  private String paramElement(int index) {
    for (ParamSlot slot : layout.params()) {
      if (index < slot.offset() + slot.size()) {
        return slot.name() + suffix(slot.shape(), index - slot.offset());
      }
    }
    throw new IllegalArgumentException("no parameter value " + index);
  }

  /** {@code _3} for a vector's element, {@code _1_2} for a matrix's, nothing for a scalar. */
  private static String suffix(List<Integer> dims, int flat) {
    if (dims.isEmpty()) {
      return "";
    }
    if (dims.size() == 1) {
      return "_" + flat;
    }
    return "_" + flat / dims.get(1) + "_" + flat % dims.get(1);
  }

  private String laned(String suggestion, String tag, int lane) {
    return lane == 0 ? name(suggestion, tag, "") : name(suggestion + "_r" + lane, tag, ":r" + lane);
  }

  private String name(String suggestion, String kind, Object key) {
    String tag = kind + ":" + key;
    try {
      return allocator.get(tag);
    } catch (IllegalArgumentException unknown) {
      return allocator.newName(suggestion, tag);
    }
  }
}
