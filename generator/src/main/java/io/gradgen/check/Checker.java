package io.gradgen.check;

import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import io.gradgen.parse.DeepStack;
import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.ColumnRef;
import io.gradgen.parse.ast.ConstDecl;
import io.gradgen.parse.ast.DataDecl;
import io.gradgen.parse.ast.DataFileDecl;
import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.LetDecl;
import io.gradgen.parse.ast.LossDecl;
import io.gradgen.parse.ast.MetricDecl;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.ParamDecl;
import io.gradgen.parse.ast.Setting;
import io.gradgen.parse.ast.TrainBlock;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The fence after the parser: resolves every name, checks every shape, reads every setting, and
 * lowers the model to a forward {@link Graph}. Every later pass may assume what it guarantees:
 * names declared once and before use, ranks 1–2 with positive sizes under {@value #MAX_ELEMENTS}
 * elements, exactly one scalar loss, at most one output, at most one data file and train block,
 * every metric a scalar that no expression reads,
 * valid training settings ({@link TrainingSettings}). For people, not for passes: every forward
 * node has an origin in the model text, and each param, input, target, const and named value,
 * and the loss ({@value #LOSS_NAME}), has its name in the graph's provenance.
 *
 * <pre>
 * CheckedModel model = Checker.check(ModelReader.read(path), path);
 * model.forward().dump();
 *   %2 = param w : [2, 3] w     # 8:1 param w[2, 3] = randn(seed = 42)
 *   %4 = matmul %2 %0 : [2]     # 11:15 w @ x
 *   %5 = add %4 %3 : [2] yhat   # 11:1 output yhat = w @ x + b
 * </pre>
 */
public final class Checker {
  public static final int MAX_ELEMENTS = 1_000_000;
  /** The name of the loss node in the graph's {@link io.gradgen.ir.Provenance}. */
  public static final String LOSS_NAME = "loss";
  /** The train settings about rows, which a model without data cannot use. */
  private static final List<String> ROW_SETTINGS = List.of("batch", "shuffle", "split");

  private final ModelFile file;
  private final GraphBuilder graph = new GraphBuilder();
  private final Scope scope = new Scope();
  private final Origins origins = new Origins();
  private final ExpressionLowering lowering = new ExpressionLowering(graph, scope, origins);
  private final Set<String> paramNames = new HashSet<>();
  private final Set<String> valuesReadingParams = new HashSet<>();

  private Checker(ModelFile file) {
    this.file = file;
  }

  /** Runs on a {@link DeepStack}: lowering recurses once a nesting level of an expression. */
  public static CheckedModel check(ModelFile file, Path source) {
    return DeepStack.call(() -> new Checker(file).run(source));
  }

  private CheckedModel run(Path source) {
    Map<String, Shape> params = new LinkedHashMap<>();
    List<ParamDecl> paramDecls = new ArrayList<>();
    List<DataDecl> dataDecls = new ArrayList<>();
    LossDecl loss = null;
    LetDecl output = null;
    DataFileDecl dataFile = null;
    TrainBlock train = null;
    int lossNode = -1;
    int outputNode = -1;
    Map<String, Integer> metricNodes = new LinkedHashMap<>();

    for (Declaration declaration : file.declarations()) {
      if (declaration instanceof ParamDecl param) {
        scope.expect(param.name(), param.position());
      } else if (declaration instanceof ConstDecl constant) {
        scope.expect(constant.name(), constant.position());
      } else if (declaration instanceof DataDecl data) {
        scope.expect(data.name(), data.position());
      } else if (declaration instanceof LetDecl let) {
        scope.expect(let.name(), let.position());
      } else if (declaration instanceof MetricDecl metric) {
        scope.expect(metric.name(), metric.position());
      }
    }
    for (Declaration declaration : file.declarations()) {
      if (declaration instanceof ParamDecl param) {
        Shape shape = shape(param.shape(), param.position(), param.name());
        init(param, shape);
        int node = leaf(param, param.name(), () -> graph.param(param.name(), shape));
        scope.declare(new Scope.Symbol(param.name(), Scope.Kind.PARAM, shape, node, param.position()));
        params.put(param.name(), shape);
        paramDecls.add(param);
        paramNames.add(param.name());
      } else if (declaration instanceof ConstDecl constant) {
        Shape shape = shape(constant.shape(), constant.position(), constant.name());
        double[] values = constantValues(constant.value(), shape, constant.name());
        int node = leaf(constant, constant.name(), () -> graph.constant(shape, values));
        scope.declare(new Scope.Symbol(constant.name(), Scope.Kind.CONST, shape, node, constant.position()));
      } else if (declaration instanceof DataDecl data) {
        Shape shape = shape(data.shape(), data.position(), data.name());
        if (!data.columns().isEmpty() && data.columns().size() != shape.size()) {
          throw new ModelException(data.columns().get(0).position(), "'" + data.name() + "' has "
              + shape.size() + " element" + (shape.size() == 1 ? "" : "s") + " but binds "
              + data.columns().size() + " column" + (data.columns().size() == 1 ? "" : "s"));
        }
        boolean target = data.kind() == DataDecl.Kind.TARGET;
        int node = leaf(data, data.name(), () -> graph.input(data.name(), shape));
        scope.declare(new Scope.Symbol(data.name(), target ? Scope.Kind.TARGET : Scope.Kind.INPUT, shape,
            node, data.position()));
        dataDecls.add(data);
      } else if (declaration instanceof DataFileDecl data) {
        if (dataFile != null) {
          throw new ModelException(data.position(), "a model has one data file; the first is at "
              + dataFile.position().line() + ":" + dataFile.position().column());
        }
        dataFile = data;
      } else if (declaration instanceof LetDecl let) {
        int node = lowering.lower(let.value(), origins.of(let));
        if (readsParam(let.value())) {
          valuesReadingParams.add(let.name());
        }
        graph.name(node, let.name());
        scope.declare(new Scope.Symbol(let.name(), Scope.Kind.VALUE, graph.shape(node), node, let.position()));
        if (let.output()) {
          if (output != null) {
            throw new ModelException(let.position(), "a model has at most one output; '" + output.name()
                + "' is declared at " + output.position().line() + ":" + output.position().column());
          }
          output = let;
          outputNode = node;
        }
      } else if (declaration instanceof LossDecl lossDecl) {
        if (loss != null) {
          throw new ModelException(lossDecl.position(), "a model has exactly one loss; the first is at "
              + loss.position().line() + ":" + loss.position().column());
        }
        loss = lossDecl;
        lossNode = lowering.lower(lossDecl.value(), origins.of(lossDecl));
        if (!graph.shape(lossNode).isScalar()) {
          throw new ModelException(lossDecl.value().position(), "the loss '"
              + ExprPrinter.parenthesized(lossDecl.value()) + "' must be a scalar, not " + graph.shape(lossNode)
              + "; reduce it with sum(…) or mean(…)");
        }
        graph.name(lossNode, LOSS_NAME);
      } else if (declaration instanceof MetricDecl metric) {
        int node = lowering.lower(metric.value(), origins.of(metric));
        if (!graph.shape(node).isScalar()) {
          throw new ModelException(metric.value().position(), "the metric '" + metric.name() + "' must be a scalar "
              + "per sample, not " + graph.shape(node) + "; reduce it with sum(…) or mean(…)");
        }
        scope.declare(new Scope.Symbol(metric.name(), Scope.Kind.METRIC, Shape.SCALAR, node, metric.position()));
        metricNodes.put(metric.name(), node);
      } else {
        TrainBlock block = (TrainBlock) declaration;
        if (train != null) {
          throw new ModelException(block.position(), "a model has at most one train block; the first is at "
              + train.position().line() + ":" + train.position().column());
        }
        train = block;
      }
    }
    if (loss == null) {
      throw new ModelException(file.position(), "model " + file.name() + " has no loss: add 'loss EXPR'");
    }
    TrainingConfig config = train == null ? TrainingConfig.defaults() : TrainingSettings.read(train);
    if (train != null && dataDecls.isEmpty()) {
      for (Setting setting : train.settings()) {
        if (ROW_SETTINGS.contains(setting.key())) {
          // Accepted and ignored, it would suggest a split or batches the run never makes.
          throw new ModelException(setting.position(), "'" + setting.key() + "' does not apply: model " + file.name()
              + " has no inputs or targets, so it has one row");
        }
      }
    }

    ModelLayout modelLayout = layout(paramDecls, dataDecls, output, outputNode, config, metricNodes.keySet());
    Path data = null;
    if (dataFile != null) {
      Path folder = source.toAbsolutePath().getParent();
      try {
        data = folder == null ? Path.of(dataFile.path()) : folder.resolve(dataFile.path()).normalize();
      } catch (InvalidPathException e) {
        // A NUL (or, on Windows, a '<'), which no file name can hold: found by FuzzTest.
        throw new ModelException(dataFile.position(), "the data file name \"" + dataFile.path() + "\" "
            + (dataFile.path().indexOf('\0') >= 0 ? "contains a NUL character, which no file name can hold"
                : "is not a file name on this system"));
      }
    }
    Graph forward = graph.build(lossNode, outputNode, Map.of());
    // Each metric its own graph over the same nodes, rooted at its value; Optimize drops the rest.
    Map<String, Graph> metrics = new LinkedHashMap<>();
    metricNodes.forEach((name, node) -> metrics.put(name, graph.build(node, -1, Map.of())));
    if (!readsParam(loss.value())) {
      throw new ModelException(loss.value().position(), "the loss '" + ExprPrinter.parenthesized(loss.value())
          + "' does not depend on any param: there is nothing to differentiate or train");
    }
    return new CheckedModel(file.name(), source, forward, params, modelLayout, config, data, metrics);
  }

  /**
   * Whether {@code expr} reads a param, directly or through a value that does: PyTorch's {@code
   * requires_grad}, which an op keeps whatever it computes ({@code a ^ 0} still reads {@code a}),
   * where the graph may have folded the param away.
   */
  private boolean readsParam(Expr expr) {
    Deque<Expr> pending = new ArrayDeque<>(List.of(expr));
    while (!pending.isEmpty()) {
      Expr next = pending.pop();
      if (next instanceof NameRef name) {
        if (paramNames.contains(name.name()) || valuesReadingParams.contains(name.name())) {
          return true;
        }
      } else if (next instanceof Binary binary) {
        pending.push(binary.left());
        pending.push(binary.right());
      } else if (next instanceof Unary unary) {
        pending.push(unary.operand());
      } else if (next instanceof Transpose transpose) {
        pending.push(transpose.operand());
      } else if (next instanceof Index index) {
        pending.push(index.target());
        index.indices().forEach(pending::push);
      } else if (next instanceof Call call) {
        call.arguments().forEach(argument -> pending.push(argument.value()));
      } else if (next instanceof ArrayLit array) {
        array.elements().forEach(pending::push);
      }
    }
    return false;
  }

  /** A param, const, input or target node, placed at its declaration and named as declared. */
  private int leaf(Declaration declaration, String name, IntSupplier create) {
    Origin outer = graph.at(origins.of(declaration));
    int node = create.getAsInt();
    graph.at(outer);
    graph.name(node, name);
    return node;
  }

  private ModelLayout layout(List<ParamDecl> params, List<DataDecl> data, LetDecl output, int outputNode,
      TrainingConfig config, Set<String> metrics) {
    LayoutBuilder layout = new LayoutBuilder(file.name(), config.precision());
    for (ParamDecl param : params) {
      layout.param(param.name(), dims(param.shape()), init(param, new Shape(param.shape())));
    }
    for (DataDecl slot : data) {
      String[] columns = slot.columns().stream().map(ColumnRef::name).toArray(String[]::new);
      if (slot.kind() == DataDecl.Kind.INPUT) {
        layout.input(slot.name(), dims(slot.shape()), columns);
      }
    }
    for (DataDecl slot : data) {
      String[] columns = slot.columns().stream().map(ColumnRef::name).toArray(String[]::new);
      if (slot.kind() == DataDecl.Kind.TARGET) {
        layout.target(slot.name(), dims(slot.shape()), columns);
      }
    }
    if (output != null) {
      layout.output(output.name(), dims(graph.shape(outputNode).dims()));
    }
    metrics.forEach(layout::metric);
    return layout.build();
  }

  private static int[] dims(List<Integer> shape) {
    return shape.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Shape shape(List<Integer> dims, SourcePosition position, String name) {
    if (dims.size() > 2) {
      throw new ModelException(position, "'" + name + "' has rank " + dims.size() + "; only rank 1 and 2 are supported");
    }
    long size = 1;
    for (int dimension : dims) {
      if (dimension < 1) {
        throw new ModelException(position, "'" + name + "' has a size of " + dimension + "; sizes must be positive");
      }
      size *= dimension;
    }
    if (size > MAX_ELEMENTS) {
      throw new ModelException(position, "'" + name + "' has " + size + " elements; the limit is " + MAX_ELEMENTS);
    }
    return new Shape(dims);
  }

  private static double[] constantValues(Expr value, Shape shape, String name) {
    if (Literals.isNumber(value)) {
      double[] values = new double[shape.size()];
      java.util.Arrays.fill(values, Literals.number(value, "a const"));
      return values;
    }
    if (!(value instanceof ArrayLit array)) {
      throw new ModelException(value.position(), "const '" + name + "' must be a number or an array literal");
    }
    Literals.Tensor tensor = Literals.evaluate(array);
    if (!tensor.shape().equals(shape)) {
      throw new ModelException(value.position(), "const '" + name + "' is declared " + shape
          + " but its literal is " + tensor.shape());
    }
    return tensor.values();
  }

  /** {@code = 0.5}, {@code = [1, 2]}, {@code = zeros}, {@code = randn(seed = 42, std = 1)}, {@code = uniform(lo, hi, seed)}. */
  private static Init init(ParamDecl param, Shape shape) {
    Expr init = param.init();
    if (init == null) {
      return new Init.Zeros();
    }
    if (Literals.isNumber(init)) {
      return new Init.Fill(Literals.number(init, "an initial value"));
    }
    if (init instanceof ArrayLit array) {
      Literals.Tensor tensor = Literals.evaluate(array);
      if (!tensor.shape().equals(shape)) {
        throw new ModelException(init.position(), "param '" + param.name() + "' is declared " + shape
            + " but its initial value is " + tensor.shape());
      }
      return Init.Values.of(tensor.values());
    }
    if (init instanceof NameRef name && name.name().equals("zeros")) {
      return new Init.Zeros();
    }
    if (init instanceof Call call && Builtins.initialiser(call.function()).isPresent()) {
      Builtins.Builtin initialiser = Builtins.initialiser(call.function()).get();
      return initialiser.initialiser().init(call, Arguments.initialiser(call, initialiser), param, shape);
    }
    throw new ModelException(init.position(), "a param starts as a number, an array literal, zeros, "
        + "randn(seed = S, std = 1), uniform(lo, hi, seed = S), kaiming_uniform(seed = S), "
        + "xavier_uniform(seed = S, gain = 1) or xavier_normal(seed = S, gain = 1), not '" + ExprPrinter.parenthesized(init) + "'");
  }
}
