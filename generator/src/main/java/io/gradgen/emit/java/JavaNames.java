package io.gradgen.emit.java;

import com.palantir.javapoet.NameAllocator;

/**
 * The one authority for identifiers in generated Java. Every name the emitter writes comes from
 * here, built on JavaPoet's {@link NameAllocator}, so no generated name can clash with another or
 * with a Java keyword, and nothing from a model file (whose names may be {@code class}, {@code
 * grad}, or {@code p}) is ever pasted into source: model names appear only as escaped string
 * literals in the layout.
 *
 * <pre>
 * names.param()        → "p"        names.value(12)       → "v12"
 * names.element(12, 3) → "v12_3"    names.scratch(12)     → "t12"
 * names.className("class") → "Class_Kernel"
 * </pre>
 */
final class JavaNames {
  private final NameAllocator allocator = new NameAllocator();

  JavaNames() {
    for (String fixed :
        new String[] {"p", "d", "g", "from", "to", "row", "r", "out", "loss", "i", "j", "k", "s", "m",
            VectorSyntax.DOUBLES, VectorSyntax.FLOATS,
            "rows", "batch", "lr", "mean", "epochLoss", "total", "steps", "count", "order"}) {
      allocator.newName(fixed, fixed);
    }
  }

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

  String rowOffset() {
    return allocator.get("r");
  }

  String output() {
    return allocator.get("out");
  }

  String loss() {
    return allocator.get("loss");
  }

  // sgdEpoch's parameters and locals.

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
    return name("grad" + index, "stepGradient", index);
  }

  /** Flat parameter {@code index} as the epoch kernel's steps carry it in a local. */
  String currentParam(int index) {
    return name("cur" + index, "currentParam", index);
  }

  /** Flat parameter {@code index} after the step. */
  String stepParam(int index) {
    return name("next" + index, "stepParam", index);
  }

  /** Loop variables, by depth: i, j, then k for an inner sum. */
  String loop(int depth) {
    return allocator.get(new String[] {"i", "j", "k"}[depth]);
  }

  String max() {
    return allocator.get("m");
  }

  /** The local holding a scalar value. */
  String value(int node) {
    return name("v" + node, "value", node);
  }

  /** The local holding one element of a small tensor. */
  String element(int node, int flat) {
    return name("v" + node + "_" + flat, "element", node + "_" + flat);
  }

  /** One of the partial sums of a long reduction (see {@code MethodWriter}). */
  String partialSum(int node, int lane) {
    return name("s" + node + "_" + lane, "partial", node + "_" + lane);
  }

  /** The vector of a long reduction's partial sums, in a SIMD kernel. */
  String vectorSum(int node) {
    return name("s" + node + "v", "vector", node);
  }

  /**
   * The copy of local {@code name} (itself from this allocator) for row {@code lane} of a block of
   * rows handled together: {@code v12} → {@code v12_r1}.
   */
  String lane(String name, int lane) {
    return name(name + "_r" + lane, "lane", name + ":" + lane);
  }

  /** The scratch field holding an f32 kernel's params widened to double. */
  String widenedParams() {
    return name("pd", "widened", 0);
  }

  /** The scratch array field of a large value. */
  String scratch(int node) {
    return name("t" + node, "scratch", node);
  }

  /** The static array of a constant read by a rolled loop. */
  String constant(int node) {
    return name("c" + node, "constant", node);
  }

  /** The local accumulating one gradient element over the rows. */
  String accumulator(int param, int flat) {
    return name("gacc" + param + "_" + flat, "accumulator", param + "_" + flat);
  }

  /** A Java class name for a model name: letters and digits kept, the rest replaced. */
  static String className(String modelName) {
    String base = NameAllocator.toJavaIdentifier(modelName);
    String capitalised = Character.toUpperCase(base.charAt(0)) + base.substring(1);
    return new NameAllocator().newName(capitalised + "Kernel");
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
