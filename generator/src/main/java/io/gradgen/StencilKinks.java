package io.gradgen;

import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Evaluator;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.Functions;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the central-difference stencils that straddle a kink. A central difference {@code (L(θ +
 * h) − L(θ − h)) / 2h} estimates a derivative only where {@code L} is smooth between its two ends;
 * where some non-smooth op of the loss takes another branch at {@code θ − h} than at {@code θ + h}
 * (relu's argument crossing 0, {@code |x|} at 0, a tie of max, a clamp's bound, a comparison
 * flipping), the estimate is an average of two one-sided slopes, and no gradient, however right by
 * PyTorch's convention at the kink, is meant to match it. {@link GradientAgreement} excuses exactly
 * those elements from the comparisons with finite differences (the two backends are still compared
 * there), and {@code gradgen check} names the op and its place in the model.
 *
 * <p>The test is exact, not a guess from distances: the model's forward graph (the one the
 * interpreted autograd runs) is evaluated on every row at both ends of the stencil, and each
 * non-smooth op's branch is read off its operands (see {@link #branch}). Only the ops the loss
 * reads count; a kink in the output or a metric alone cannot spoil the loss's differences. The one
 * op without branches, the L2 norm (a cone at 0), counts as straddled when the segment its operand
 * moves along passes the origin closer than the segment's own length.
 *
 * <pre>
 * StencilKinks kinks = StencilKinks.of(checked, data);
 * kinks.straddled(params, 0, GradientCheck.step(params[0]))  // Kink[op=RELU, origin=3:6 relu(x)], or null
 * </pre>
 */
public final class StencilKinks {
  /** A non-smooth op whose branch differs at the two ends of a stencil, and where it is in the model. */
  public record Kink(Op op, Origin origin) {
    /** {@code relu at 3:6 (relu(x))}, or {@code relu} where the op has no place in the model text. */
    public String describe() {
      return op.label() + (origin == null ? "" : " at " + origin.where() + " (" + origin.text() + ")");
    }
  }

  private final Graph forward;
  private final ModelLayout layout;
  private final Dataset data;
  /** The nodes the loss reads, in graph order. */
  private final boolean[] needed;
  /** The non-smooth nodes among them. */
  private final int[] kinked;
  /** Per param (in layout order), whether any non-smooth node reads it: a stencil in another param cannot straddle. */
  private final boolean[] reachesKink;
  /** Per INPUT node, its slot in a data row. */
  private final Map<Integer, DataSlot> inputs = new HashMap<>();

  private StencilKinks(Graph forward, ModelLayout layout, Dataset data) {
    this.forward = forward;
    this.layout = layout;
    this.data = data;
    this.needed = new boolean[forward.size()];
    needed[forward.loss()] = true;
    List<Integer> found = new ArrayList<>();
    for (int id = forward.loss(); id >= 0; id--) {
      if (needed[id]) {
        forward.node(id).inputs().forEach(input -> needed[input] = true);
      }
    }
    for (int id = 0; id < forward.size(); id++) {
      if (needed[id] && isNonSmooth(forward.node(id).op())) {
        found.add(id);
      }
    }
    this.kinked = found.stream().mapToInt(Integer::intValue).toArray();
    // Which params each node reads, as a bit set over the layout's params, carried forward.
    List<ParamSlot> params = layout.params();
    java.util.BitSet[] reads = new java.util.BitSet[forward.size()];
    this.reachesKink = new boolean[params.size()];
    for (int id = 0; id < forward.size(); id++) {
      Node node = forward.node(id);
      reads[id] = new java.util.BitSet();
      for (int input : node.inputs()) {
        reads[id].or(reads[input]);
      }
      if (node.op() == Op.PARAM) {
        for (int p = 0; p < params.size(); p++) {
          if (params.get(p).name().equals(node.name())) {
            reads[id].set(p);
          }
        }
      } else if (node.op() == Op.INPUT) {
        for (DataSlot slot : layout.data()) {
          if (slot.name().equals(node.name())) {
            inputs.put(id, slot);
          }
        }
      }
    }
    for (int id : kinked) {
      reads[id].stream().forEach(p -> reachesKink[p] = true);
    }
  }

  /** The kinks of {@code checked}'s loss over {@code data}, the rows its objectives compute. */
  public static StencilKinks of(CheckedModel checked, Dataset data) {
    return new StencilKinks(checked.forward(), checked.layout(), data);
  }

  /** Whether the loss reads any non-smooth op at all (else no stencil can straddle a kink). */
  public boolean any() {
    return kinked.length > 0;
  }

  /**
   * The ops with a kink or a jump: piecewise ops ({@code relu}, {@code abs}, {@code max}, clamps,
   * softplus past its threshold of 20, BCE's logs clamped at −100, the safe division and log at 0),
   * the piecewise-constant ones a jump of the loss comes from (comparisons, {@code step}, {@code
   * sign}, one-hot of a rounded index, argmax), the extrema ({@code amax}, {@code amin}: which
   * elements tie) and the norm (a cone at 0).
   */
  static boolean isNonSmooth(Op op) {
    return switch (op) {
      case RELU, ABS, SIGN, STEP, MAX, MIN, CLAMP_MIN, CLAMP_MAX, LESS, LESS_EQUAL, EQUAL, NOT_EQUAL, SOFTPLUS, BCE,
          SAFE_DIV, SAFE_LOG, ONE_HOT, AMAX, AMIN, ARGMAX, NORM -> true;
      default -> false;
    };
  }

  /**
   * The first non-smooth op (in graph order) that some row sees on another branch at {@code params}
   * with element {@code element} lowered by {@code h} than raised by {@code h}; null where every
   * one keeps its branch across the stencil.
   */
  public Kink straddled(double[] params, int element, double h) {
    if (!any() || !reachesKink[paramOf(element)]) {
      return null;
    }
    double[] down = params.clone();
    double[] up = params.clone();
    down[element] = params[element] - h;
    up[element] = params[element] + h;
    Map<String, double[]> downParams = byName(down);
    Map<String, double[]> upParams = byName(up);
    for (int row = 0; row < data.rows(); row++) {
      double[][] low = evaluate(downParams, row);
      double[][] high = evaluate(upParams, row);
      for (int id : kinked) {
        if (differ(id, low, high)) {
          return new Kink(forward.node(id).op(), forward.provenance().origin(id).orElse(null));
        }
      }
    }
    return null;
  }

  /** The number of the param that holds parameter element {@code element}. */
  private int paramOf(int element) {
    List<ParamSlot> params = layout.params();
    for (int p = 0; p < params.size(); p++) {
      if (element < params.get(p).offset() + params.get(p).size()) {
        return p;
      }
    }
    throw new IllegalArgumentException("no param holds element " + element);
  }

  private Map<String, double[]> byName(double[] params) {
    Map<String, double[]> named = new HashMap<>();
    for (ParamSlot slot : layout.params()) {
      named.put(slot.name(), Arrays.copyOfRange(params, slot.offset(), slot.offset() + slot.size()));
    }
    return named;
  }

  /** The value of every node the loss reads, for data row {@code row}; the others null. */
  private double[][] evaluate(Map<String, double[]> params, int row) {
    double[][] values = new double[forward.size()][];
    for (int id = 0; id <= forward.loss(); id++) {
      if (!needed[id]) {
        continue;
      }
      Node node = forward.node(id);
      values[id] = switch (node.op()) {
        case PARAM -> params.get(node.name());
        case INPUT -> input(inputs.get(id), row);
        default -> {
          double[][] operands = new double[node.inputs().size()][];
          Shape[] shapes = new Shape[operands.length];
          for (int i = 0; i < operands.length; i++) {
            operands[i] = values[node.input(i)];
            shapes[i] = forward.node(node.input(i)).shape();
          }
          yield Evaluator.evaluate(node, shapes, operands);
        }
      };
    }
    return values;
  }

  private double[] input(DataSlot slot, int row) {
    int start = row * data.width() + slot.offset();
    return Arrays.copyOfRange(data.values(), start, start + slot.size());
  }

  /** Whether node {@code id} is on another branch in {@code low} than in {@code high}. */
  private boolean differ(int id, double[][] low, double[][] high) {
    Node node = forward.node(id);
    if (node.op() == Op.NORM) {
      return passesTheOrigin(low[node.input(0)], high[node.input(0)]);
    }
    return !Arrays.equals(branch(node, low, low[id]), branch(node, high, high[id]));
  }

  /**
   * The node's branch in each element, from its operands in {@code values} (and its own {@code
   * value}): a number that is the same on
   * either side of a point where the op is smooth and differs across its kink or jump.
   */
  static double[] branch(Node node, double[][] values, double[] value) {
    double[] a = values[node.input(0)];
    double[] b = node.inputs().size() > 1 ? values[node.input(1)] : null;
    double[] out = new double[a.length];
    switch (node.op()) {
      case RELU, STEP -> fill(out, i -> a[i] > 0 ? 1 : 0); // NaN with the negatives, as relu and step put it
      case ABS, SIGN -> fill(out, i -> Math.signum(a[i]));
      case MAX, MIN -> fill(out, i -> Double.compare(a[i], b[i]));
      case CLAMP_MIN -> fill(out, i -> a[i] >= b[i] ? 1 : 0); // a's gradient where a ≥ b, the tie included
      case CLAMP_MAX -> fill(out, i -> a[i] <= b[i] ? 1 : 0);
      case SOFTPLUS -> fill(out, i -> a[i] > 20 ? 1 : 0);
      case BCE -> fill(out, i -> (Math.log(a[i]) > Functions.BCE_LOG_CLAMP ? 1 : 0)
          + (Math.log(1 - a[i]) > Functions.BCE_LOG_CLAMP ? 2 : 0));
      case SAFE_DIV -> fill(out, i -> b[i] == 0 ? 1 : 0);
      case SAFE_LOG -> fill(out, i -> a[i] == 0 ? 1 : 0);
      case AMAX, AMIN -> {
        // Which elements tie for the extremum: the gradient is split among them.
        out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i] == value[0] ? 1 : 0;
        }
      }
      default -> out = value.clone(); // the piecewise-constant ops: their value is their branch
    }
    return out;
  }

  private interface Element {
    double at(int i);
  }

  private static void fill(double[] out, Element element) {
    for (int i = 0; i < out.length; i++) {
      out[i] = element.at(i);
    }
  }

  /**
   * Whether the segment from {@code low} to {@code high} passes the origin, the norm's kink, closer
   * than its own length: the norm is a cone there, and the differences across it are no derivative.
   */
  static boolean passesTheOrigin(double[] low, double[] high) {
    double along = 0;
    double length = 0;
    for (int i = 0; i < low.length; i++) {
      double d = high[i] - low[i];
      along -= low[i] * d;
      length += d * d;
    }
    if (length == 0) {
      return false;
    }
    double t = Math.max(0, Math.min(1, along / length));
    double distance = 0;
    for (int i = 0; i < low.length; i++) {
      double x = low[i] + t * (high[i] - low[i]);
      distance += x * x;
    }
    return distance < length;
  }
}
