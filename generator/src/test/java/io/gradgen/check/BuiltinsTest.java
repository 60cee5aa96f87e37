package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.ir.Shape;
import io.gradgen.runtime.Init;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BuiltinsTest {
  /** The functions, reductions and losses of docs/LANGUAGE.md, section Expressions. */
  private static final Set<String> REFERENCE = Set.of(
      "exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "softplus", "max", "min",
      "sum", "mean", "norm", "norm1", "dot", "logsumexp", "argmax", "softmax", "log_softmax",
      "mse", "mae", "huber", "bce", "bce_logits", "softmax_ce",
      // "More of PyTorch": functions, losses.
      "clamp", "leaky_relu", "elu", "gelu", "silu", "logsigmoid", "log1p", "expm1", "erf", "asin", "acos",
      "atan", "sinh", "cosh", "sign", "step", "smooth_l1", "nll", "kl_div");

  @Test
  void theTableHoldsExactlyTheReferencesFunctionsAndItsInitialisers() {
    assertEquals(new TreeSet<>(REFERENCE), new TreeSet<>(Builtins.functionNames()));
    List<String> initialisers = new ArrayList<>();
    for (Builtins.Builtin builtin : Builtins.all()) {
      if (builtin.kind() == Builtins.Kind.INITIALISER) {
        initialisers.add(builtin.name());
      }
    }
    assertEquals(List.of("randn", "uniform", "zeros", "kaiming_uniform", "xavier_uniform", "xavier_normal"),
        initialisers);
  }

  @Test
  void functionsAndInitialisersAreSeparateNamespacesAndAnythingElseIsNothing() {
    assertTrue(Builtins.function("huber").isPresent());
    assertFalse(Builtins.function("randn").isPresent());
    assertTrue(Builtins.initialiser("randn").isPresent());
    assertFalse(Builtins.initialiser("huber").isPresent());
    assertFalse(Builtins.function("bce_logitz").isPresent());
    assertFalse(Builtins.function("").isPresent());
  }

  @Test
  void eachEntryListsItsParametersInOrderWithTheirDefaults() {
    assertEquals("huber(a, b, delta = 1)", signature("huber"));
    assertEquals("softmax_ce(z, k, label_smoothing = 0)", signature("softmax_ce"));
    assertEquals("smooth_l1(a, b, beta = 1)", signature("smooth_l1"));
    assertEquals("leaky_relu(x, slope = 0.01)", signature("leaky_relu"));
    assertEquals("clamp(x, lo, hi)", signature("clamp"));
    assertEquals("bce(p, y)", signature("bce"));
    assertEquals("bce_logits(z, y)", signature("bce_logits"));
    assertEquals("dot(u, v)", signature("dot"));
    assertEquals("max(a, b, axis = none, keepdim = false)", signature("max"));
    assertEquals("mean(t, axis = none, keepdim = false)", signature("mean"));
    assertEquals("softmax(t, axis = none)", signature("softmax"));
    assertEquals("exp(x)", signature("exp"));
    assertEquals("randn(seed, std = 1)", Builtins.initialiser("randn").orElseThrow().signature());
    assertEquals("uniform(lo, hi, seed)", Builtins.initialiser("uniform").orElseThrow().signature());
    assertEquals("zeros()", Builtins.initialiser("zeros").orElseThrow().signature());
  }

  /**
   * Every function of the table, called on vectors of three (a scalar class index for {@code
   * softmax_ce}): an elementwise one keeps the shape, a reduction or loss gives a scalar.
   */
  @Test
  void eachKindHasTheShapeItPromises() {
    for (Builtins.Builtin builtin : Builtins.all()) {
      if (builtin.kind() == Builtins.Kind.INITIALISER) {
        continue;
      }
      List<String> arguments = new ArrayList<>();
      for (Builtins.Parameter parameter : builtin.parameters()) {
        if (parameter.fallback() == null && parameter.absent() == null) {
          arguments.add(parameter.name().equals("k") ? "k" : "v" + arguments.size());
        }
      }
      String call = builtin.name() + "(" + String.join(", ", arguments) + ")";
      Shape expected = builtin.kind() == Builtins.Kind.ELEMENTWISE ? Shape.vector(3) : Shape.SCALAR;
      assertEquals(expected, shapeOf(call), call);
    }
  }

  @Test
  void aNameNotInTheTableIsAnErrorNotSomeDefaultLoss() {
    assertEquals("m.model:4:6: error: unknown function 'bce_logitz'; did you mean 'bce_logits'? in 'bce_logitz(a, b)'",
        Models.error("param a", "param b", "loss bce_logitz(a, b)"));
  }

  @Test
  void theInitialisersMeanTheirInit() {
    assertEquals(new Init.Randn(3L, 0.5), init("randn(std = 0.5, seed = 3)"));
    assertEquals(new Init.Randn(null, 1.0), init("randn()"));
    assertEquals(new Init.Uniform(-1, 1, 7L), init("uniform(-1, 1, 7)"));
    assertEquals(new Init.Zeros(), init("zeros()"));
    assertEquals(new Init.Zeros(), init("zeros"));
  }

  @Test
  void theInitialisersCheckTheirValues() {
    assertEquals("m.model:2:24: error: seed must be a non-negative integer", Models.error("param w = randn(seed = 1.5)", "loss w"));
    assertEquals("m.model:2:24: error: seed must be a non-negative integer", Models.error("param w = randn(seed = -1)", "loss w"));
    assertEquals("m.model:2:23: error: std must not be negative", Models.error("param w = randn(std = -1)", "loss w"));
    assertEquals("m.model:2:11: error: uniform needs its bounds: uniform(lo, hi, seed = S)",
        Models.error("param w = uniform(1)", "loss w"));
    assertEquals("m.model:2:11: error: uniform needs lo < hi, not 1.0 and 1.0", Models.error("param w = uniform(1, 1)", "loss w"));
    assertEquals("m.model:2:24: error: seed must be a number, not 'x'", Models.error("param w = randn(seed = x)", "loss w"));
  }

  @Test
  void anEntryHasTheMeaningOfItsKind() {
    Builtins.Lowering lowering = (arguments, graph) -> 0;
    Builtins.Initialiser initialiser = (call, arguments, param, shape) -> new Init.Zeros();
    assertThrows(IllegalArgumentException.class,
        () -> new Builtins.Builtin("f", Builtins.Kind.LOSS, List.of(), null, initialiser));
    assertThrows(IllegalArgumentException.class,
        () -> new Builtins.Builtin("f", Builtins.Kind.INITIALISER, List.of(), lowering, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Builtins.Builtin("f", Builtins.Kind.LOSS, List.of(), lowering, initialiser));
  }

  private static String signature(String name) {
    return Builtins.function(name).orElseThrow().signature();
  }

  private static Shape shapeOf(String call) {
    CheckedModel model = Models.check("param v0[3] = 0.5", "param v1[3] = 0.25", "param v2[3] = 0.75", "param k = 1",
        "output h = " + call, "loss sum(h)");
    return model.forward().node(model.forward().output()).shape();
  }

  private static Init init(String initialiser) {
    return Models.check("param w[2] = " + initialiser, "loss sum(w)").layout().param("w").orElseThrow().init();
  }

  @Test
  void torchsInitialisersAreUniformsAndNormalsWithTorchsBoundsFromTheParamsShape() {
    CheckedModel model = Models.check("param W[16, 4] = kaiming_uniform(seed = 1)",
        "param V[3, 5] = xavier_uniform(seed = 2, gain = 2)", "param U[4, 6] = xavier_normal(3)",
        "param T[2, 2] = kaiming_uniform()", "loss sum(W) + sum(V) + sum(U) + sum(T)");
    assertEquals(Init.kaimingUniform(List.of(16, 4), 1L), model.layout().params().get(0).init());
    assertEquals(new Init.Uniform(-0.49999999999999994, 0.49999999999999994, 1L), model.layout().params().get(0).init());
    assertEquals(Init.xavierUniform(List.of(3, 5), 2.0, 2L), model.layout().params().get(1).init());
    assertEquals(Init.xavierNormal(List.of(4, 6), 1.0, 3L), model.layout().params().get(2).init());
    assertEquals(Init.kaimingUniform(List.of(2, 2), null), model.layout().params().get(3).init(), "the run's seed");
    assertEquals("m.model:2:1: error: xavier_uniform needs a matrix param, as torch.nn.init computes fan-in and"
        + " fan-out only for 2 or more dimensions; 'w' is a vector [3]",
        Models.error("param w[3] = xavier_uniform(seed = 1)", "loss sum(w)"));
  }
}
