package io.gradgen.ir;

import io.gradgen.runtime.Functions;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Evaluates a graph for one sample, one node at a time, in double precision, with no attention to
 * speed but with the generated kernels' arithmetic to the bit. Constant folding evaluates single
 * nodes with it, so a folded constant holds the bits the kernel would have computed; tests use it
 * as the reference the kernels must agree with.
 *
 * <p>Elementwise ops are {@link Op#apply}. Every sum (the inner sum of each {@link Op#MATMUL}
 * element, {@link Op#SUM}, {@link Op#NORM}'s sum of squares) adds its terms in the order the Java
 * kernels do ({@code MethodWriter}'s class doc): fewer than {@value #SPLIT_FROM} terms are added
 * to {@code 0.0} in index order; {@value #SPLIT_FROM} or more go to {@value #LANES} partial sums
 * from {@code 0.0}, lane {@code l} taking the terms {@code k ≡ l (mod 4)} in order (the terms past
 * the last multiple of four included), finished as {@code (l0 + l1) + (l2 + l3)}. For nine terms:
 *
 * <pre>
 * ((t0 + t4 + t8) + (t1 + t5)) + ((t2 + t6) + (t3 + t7))
 * </pre>
 *
 * A rolled kernel loop starts its sums at {@code 0.0} too; an unrolled one starts at its first
 * term, which gives other bits only when every term is {@code −0.0} (the unrolled kernel then
 * returns {@code −0.0}, this {@code 0.0}). {@link Op#LOGSUMEXP} is not split in the kernels either:
 * its maximum and its sum of exponentials run in index order.
 *
 * <pre>
 * double[][] values = Evaluator.evaluate(graph, Map.of("a", new double[] {5}), Map.of());
 * values[graph.loss()][0]   // the loss
 * </pre>
 */
public final class Evaluator {
  /** The number of partial sums a long sum is split into. */
  static final int LANES = 4;
  /** The fewest terms a sum must have to be split. */
  static final int SPLIT_FROM = 8;

  private Evaluator() {}

  /** Every node's value, row-major; params and inputs come from the maps by name. */
  public static double[][] evaluate(
      Graph graph, Map<String, double[]> params, Map<String, double[]> inputs) {
    double[][] values = new double[graph.size()][];
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      double[][] operands = new double[node.inputs().size()][];
      Shape[] shapes = new Shape[operands.length];
      for (int i = 0; i < operands.length; i++) {
        operands[i] = values[node.input(i)];
        shapes[i] = graph.node(node.input(i)).shape();
      }
      values[id] = switch (node.op()) {
        case PARAM -> require(params, node);
        case INPUT -> require(inputs, node);
        default -> evaluate(node, shapes, operands);
      };
    }
    return values;
  }

  private static double[] require(Map<String, double[]> values, Node node) {
    double[] value = values.get(node.name());
    if (value == null || value.length != node.shape().size()) {
      throw new IllegalArgumentException("no value of shape " + node.shape() + " for " + node.name());
    }
    return value;
  }

  /** One non-leaf node (or a constant) from its operands' shapes and values. */
  public static double[] evaluate(Node node, Shape[] shapes, double[][] operands) {
    Shape shape = node.shape();
    double[] out = new double[shape.size()];
    switch (node.op()) {
      case CONSTANT -> out = node.values().toArray();
      case BROADCAST -> java.util.Arrays.fill(out, operands[0][0]);
      case SUM -> {
        double[] x = operands[0];
        out[0] = sum(x.length, k -> x[k]);
      }
      case TRANSPOSE -> {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            out[i * cols + j] = operands[0][j * rows + i];
          }
        }
      }
      case INDEX -> System.arraycopy(operands[0], node.indices().offset(), out, 0, out.length);
      case INDEX_ADJOINT ->
          System.arraycopy(operands[0], 0, out, node.indices().offset(), operands[0].length);
      case ONE_HOT -> {
        for (int j = 0; j < out.length; j++) {
          out[j] = node.attribute() == null
              ? Functions.oneHot(operands[0][0], j, out.length)
              : Functions.position(operands[0][0], j, out.length);
        }
      }
      case MATMUL -> matmul(operands[0], shapes[0], operands[1], shapes[1], out);
      case OUTER -> {
        int n = operands[1].length;
        for (int i = 0; i < operands[0].length; i++) {
          for (int j = 0; j < n; j++) {
            out[i * n + j] = operands[0][i] * operands[1][j];
          }
        }
      }
      case NORM -> {
        double[] x = operands[0];
        out[0] = Math.sqrt(sum(x.length, k -> x[k] * x[k]));
      }
      case LOGSUMEXP -> out[0] = logsumexp(operands[0]);
      case AMAX, AMIN, ARGMAX -> out[0] = extremum(node.op(), operands[0]);
      default -> {
        if (node.op().kind() == Op.Kind.UNARY) {
          for (int i = 0; i < out.length; i++) {
            out[i] = node.op().apply(operands[0][i]);
          }
        } else if (node.op().kind() == Op.Kind.BINARY) {
          for (int i = 0; i < out.length; i++) {
            out[i] = node.op().apply(operands[0][i], operands[1][i]);
          }
        } else {
          throw new IllegalArgumentException("cannot evaluate " + node.op());
        }
      }
    }
    return out;
  }

  /** {@code log Σ exp(x)}, shifted by the maximum so that no term overflows; in index order. */
  private static double logsumexp(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    if (Double.isInfinite(max)) {
      return max;
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /**
   * The running {@code Math.max} (or {@code min}) in index order, or for ARGMAX the last position
   * whose element exceeded everything before it: the values of the chain {@code
   * io.gradgen.optimize.Extrema} writes, NaN included.
   */
  static double extremum(Op op, double[] x) {
    double best = x[0];
    int position = 0;
    for (int k = 1; k < x.length; k++) {
      if (x[k] - best > 0) {
        position = k;
      }
      best = op == Op.AMIN ? Math.min(best, x[k]) : Math.max(best, x[k]);
    }
    return op == Op.ARGMAX ? position : best;
  }

  /** The matrix product in its four shapes; each element's inner sum is {@link #sum}. */
  private static void matmul(double[] a, Shape sa, double[] b, Shape sb, double[] out) {
    int rows = sa.rank() == 2 ? sa.dim(0) : 1;
    int inner = sa.dim(sa.rank() - 1);
    int cols = sb.rank() == 2 ? sb.dim(1) : 1;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int row = i;
        int col = j;
        out[i * cols + j] = sum(inner, k -> a[row * inner + k] * b[k * cols + col]);
      }
    }
  }

  /** Σ term(k) for k in [0, n), added in the kernels' order (see the class doc). */
  static double sum(int n, IntToDoubleFunction term) {
    if (n < SPLIT_FROM) {
      double sum = 0.0;
      for (int k = 0; k < n; k++) {
        sum += term.applyAsDouble(k);
      }
      return sum;
    }
    double[] lanes = new double[LANES];
    for (int k = 0; k < n; k++) {
      lanes[k % LANES] += term.applyAsDouble(k);
    }
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  }
}
