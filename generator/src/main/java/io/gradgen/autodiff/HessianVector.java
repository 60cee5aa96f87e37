package io.gradgen.autodiff;

import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Hessian-vector product by reverse over reverse: the gradient graph differentiated again. For
 * a direction {@code v} (one more param per param, {@link #directionName}), the scalar {@code s =
 * Σ_p sum(g_p · v_p)} is built on the gradient graph and differentiated with the same {@link
 * AdjointRules} table; its gradient in {@code p} is {@code (H·v)_p}, since {@code ∂s/∂θ = H·v}.
 *
 * <p>Requires: a differentiated graph (from {@link Differentiate}, usually optimized), whose
 * gradients are named after the {@code params}. Guarantees: a graph with the same loss and the
 * same gradient nodes (the gradient graph's nodes keep their ids: optimizing the result again
 * leaves them as they are, so loss and gradient are computed to the bit as the gradient kernel's),
 * and one more gradient root per param, named {@link #directionName}, holding {@code (H·v)_p}. Its
 * layout is {@link #layout}: the params, then the direction in the same layout, so a kernel of it
 * reads {@code [θ, v]} and sums {@code [g, H·v]} into one array twice the params' length.
 *
 * <p>Why reverse over reverse rather than forward over reverse (a tangent rule per op): the table is
 * the one the gradient is differentiated with, so there is one derivative per op to get right, not
 * two; the second pass sees only ops the first one built, each of which has a rule; PyTorch's
 * double backward is the same construction, so its conventions at kinks (every mask, {@code step},
 * {@code sign} and comparison has derivative 0) come out by themselves. The price, memory for the
 * backward pass's values, is paid in a kernel's locals and scratch, planned like any other method.
 *
 * <pre>
 * loss a^3        gradient a = 3a²        s = 3a² · v_a        H·v = 6a · v_a
 * </pre>
 */
public final class HessianVector {
  /** The prefix of a direction param's name; {@code $} is no character of a model's identifier. */
  public static final String DIRECTION_PREFIX = "v$";

  private HessianVector() {}

  /** The name of the direction's slot for param {@code param}. */
  public static String directionName(String param) {
    return DIRECTION_PREFIX + param;
  }

  public static Graph apply(Graph gradientGraph, Map<String, Shape> params) {
    return apply(gradientGraph, params, AdjointRules.standard());
  }

  /** As {@link #apply(Graph, Map)}, the second derivative taken with {@code rules}. */
  public static Graph apply(Graph gradientGraph, Map<String, Shape> params, AdjointRules rules) {
    GraphBuilder b = new GraphBuilder(gradientGraph);
    Integer s = null;
    for (Map.Entry<String, Shape> param : params.entrySet()) {
      int gradient = gradientGraph.gradients().get(param.getKey());
      if (gradientGraph.node(gradient).op() == Op.CONSTANT) {
        // A constant gradient has no derivative: its product with v adds nothing to H·v.
        continue;
      }
      int direction = b.param(directionName(param.getKey()), param.getValue());
      // Named before the second pass can name it the adjoint of the gradient (d_d_w).
      b.name(direction, "v_" + param.getKey());
      int term = b.sum(b.mul(gradient, direction));
      s = s == null ? term : b.add(s, term);
    }
    Map<String, Integer> gradients = new LinkedHashMap<>(gradientGraph.gradients());
    if (s == null) {
      // A model whose gradient is constant: H = 0.
      params.forEach((name, shape) -> gradients.put(directionName(name), b.filled(shape, 0)));
      return b.build(gradientGraph.loss(), -1, gradients);
    }
    Graph inner = b.build(s, -1, gradients);
    Graph second = Differentiate.apply(inner, params, rules);
    Map<String, Integer> roots = new LinkedHashMap<>(gradientGraph.gradients());
    second.gradients().forEach((name, id) -> roots.put(directionName(name), id));
    return new Graph(second.nodes(), gradientGraph.loss(), -1, roots, second.provenance());
  }

  /**
   * The layout a Hessian-vector kernel reads and writes: {@code layout}'s params, then a direction
   * slot of the same shape for each ({@link #directionName}), its data and precision; no output,
   * no metrics.
   */
  public static ModelLayout layout(ModelLayout layout) {
    List<ParamSlot> params = new ArrayList<>(layout.params());
    int offset = layout.parameterCount();
    for (ParamSlot slot : layout.params()) {
      params.add(new ParamSlot(directionName(slot.name()), slot.shape(), offset, new Init.Zeros()));
      offset += slot.size();
    }
    return new ModelLayout(layout.modelName(), params, layout.data(), null, null, layout.precision());
  }
}
