package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Origin;
import io.gradgen.plan.MethodPlan;
import io.gradgen.plan.StoragePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One method being written, shared by the writers that write it ({@link MethodWriter}, {@link
 * SumWriter}, {@link NestWriter}, {@link GradientWriter}, {@link VectorWriter}, {@link
 * EpochWriter}): the plan it follows, the names, the reader of elements, the class's fields, the
 * code so far, and which rows of a block the code being written is for.
 *
 * <p>Every statement goes through here, so that a block of statements from one place in the model
 * gets one comment quoting it ({@link #from}) just before its first statement, and none when it
 * writes nothing.
 */
final class Emission {
  final MethodPlan plan;
  final Graph graph;
  final StoragePlan storage;
  final JavaNames names;
  final KernelShape kernel;
  final ClassFields fields;
  final ElementReader reads;
  final VectorSyntax vectors;
  /** Whether to write SIMD code where it computes the same bits. */
  final boolean simd;
  /** Whether to write comments quoting the model (not when only sizing the method). */
  private final boolean comments;
  private final CodeBlock.Builder code = CodeBlock.builder();
  /** Rows handled by the iteration of the row loop being written: the plan's row block, or 1. */
  private int block = 1;
  private Origin pending;
  private Origin written;

  Emission(MethodPlan plan, JavaNames names, ClassFields fields, boolean simd, boolean comments) {
    this.plan = plan;
    this.graph = plan.graph();
    this.storage = plan.storage();
    this.names = names;
    this.kernel = new KernelShape(plan.layout());
    this.fields = fields;
    this.simd = simd;
    this.comments = comments;
    this.vectors = new VectorSyntax(names);
    this.reads = new ElementReader(graph, storage, names, kernel, fields, vectors);
  }

  int block() {
    return block;
  }

  /** From now on, the code written is for {@code rows} rows at a time. */
  void setBlock(int rows) {
    block = rows;
  }

  // Comments.

  /**
   * The statements written from now on come from node {@code id}'s place in the model: the first of
   * them gets a comment quoting it, unless the statements before came from the same place.
   */
  void from(int id) {
    Origin origin = graph.provenance().origin(id).orElse(null);
    pending = Objects.equals(origin, written) ? null : origin;
    if (origin == null) {
      written = null;
    }
  }

  /** The statements from now on start a new part of the method: the next block gets its comment. */
  void section() {
    pending = null;
    written = null;
  }

  private void flush() {
    if (pending != null && comments) {
      code.add("// $L\n", JavaSyntax.comment(pending));
    }
    if (pending != null) {
      written = pending;
      pending = null;
    }
  }

  // Code.

  void statement(String format, Object... args) {
    flush();
    code.addStatement(format, args);
  }

  void statement(CodeBlock statement) {
    flush();
    code.addStatement("$L", statement);
  }

  void begin(String controlFlow, Object... args) {
    flush();
    code.beginControlFlow(controlFlow, args);
  }

  void end() {
    code.endControlFlow();
  }

  /** {@code for (int v = 0; v < bound; v++) {}. */
  void loop(String v, int bound) {
    begin("for (int $N = 0; $N < $L; $N++)", v, v, bound, v);
  }

  CodeBlock build() {
    return code.build();
  }

  // Rows of a block.

  /**
   * Runs {@code write} once per row of the block, the reader's lane set to each in turn, when
   * {@code perRow}; once otherwise. Every statement of a per-row value is written this way, inside
   * the loop nest shared by the rows.
   */
  void forLanes(boolean perRow, Runnable write) {
    int count = perRow ? block : 1;
    for (int b = 0; b < count; b++) {
      reads.setLane(b);
      write.run();
    }
    reads.setLane(0);
  }

  /** {@code write} for each row of the block when {@code perRow}, once otherwise; null if any gives null. */
  <T> List<T> perLane(boolean perRow, Supplier<T> write) {
    List<T> out = new ArrayList<>();
    int count = perRow ? block : 1;
    for (int b = 0; b < count; b++) {
      reads.setLane(b);
      T value = write.get();
      if (value == null) {
        reads.setLane(0);
        return null;
      }
      out.add(value);
    }
    reads.setLane(0);
    return out;
  }

  /**
   * {@code target += term} for each row of the block in row order, as one statement {@code target
   * = target + (row 0) + (row 1) …}: Java adds left to right, rounding each sum to double, so this
   * is bit for bit the additions of the one-row loop.
   */
  void addRows(JavaExpr target, Supplier<JavaExpr> term) {
    if (block == 1) {
      statement("$L += $L", target.code(), term.get().code());
      return;
    }
    CodeBlock.Builder sum = CodeBlock.builder().add("$L", target.code());
    for (int b = 0; b < block; b++) {
      reads.setLane(b);
      sum.add(" + $L", term.get().operand().code());
    }
    reads.setLane(0);
    statement("$L = $L", target.code(), sum.build());
  }
}
