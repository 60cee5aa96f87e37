package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.Backends;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.checkpoint.VectorFile;
import io.gradgen.runtime.simd.Simd;
import io.gradgen.runtime.train.Objective;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen hessian MODEL [--vector FILE.json]}: the loss, the gradient and the Hessian of the
 * loss at the initial values (or {@code --at}), over the whole data set when the model has inputs,
 * reduced as {@code grad} reduces ({@link ModelOptions#divisor}); with {@code --vector}, the
 * Hessian-vector product {@code H·v} instead of {@code H}.
 *
 * <pre>
 * $ gradgen hessian samples/cubic.model          # loss a^3 - b^2 at a = 5, b = 6
 * loss: 89
 * gradient:
 *   a: 75
 *   b: -12
 * hessian:
 *      a   b
 *   a  30   0
 *   b   0  -2
 * </pre>
 *
 * The full Hessian is one kernel HVP per parameter value, with the unit vectors: column {@code c}
 * is {@code H·e_c}, printed as computed (the kernels do not make it symmetric and neither does
 * this). It is refused beyond {@link #MOST_VALUES} values, before any work, in favour of {@code
 * --vector}: its time and its output grow with the square of the size.
 */
@Command(name = "hessian", mixinStandardHelpOptions = true,
    description = {"Print the loss, the gradient and the Hessian (with --vector: H·v) at the initial values.",
        "Runs on --backend java (the default) or interpreted; the whole Hessian for at most "
            + HessianCommand.MOST_VALUES + " parameter values."})
final class HessianCommand implements Callable<Integer> {
  /**
   * The most parameter values whose whole Hessian is computed: 4,096 HVPs over the data and
   * 16,777,216 numbers (128 MiB of doubles, several times that as text).
   */
  static final int MOST_VALUES = 4096;

  @Spec CommandSpec spec;
  @Mixin ModelOptions options;
  @Mixin DumpOption dump;

  @Option(names = "--vector", paramLabel = "FILE.json",
      description = "print H·v for the v in FILE.json (every param, in its shape, as grad --json prints a gradient)"
          + " instead of H")
  Path vector;

  /** The loss and gradient, reduced, and {@code H·v} for each direction asked for (one, or every unit vector). */
  record Curvature(double loss, double[] gradient, double[][] products) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (dump.print(options.model, Simd.enabled(), out)) {
      return 0;
    }
    CheckedModel checked = options.check();
    options.requireData(checked);
    options.at(checked.layout());
    requireSecondOrderBackend(options.backend);
    double[] direction = vector != null ? VectorFile.read(vector, checked.layout()) : null;
    int values = checked.layout().parameterCount();
    if (direction == null && values > MOST_VALUES) {
      throw new UsageError("model " + checked.name() + " has " + values + " parameter values; hessian prints the"
          + " whole Hessian for at most " + MOST_VALUES + " (one Hessian-vector product each): pass --vector FILE.json"
          + " for H·v in one direction");
    }
    PreparedModel prepared = prepare(checked);
    Objective objective = options.objective(prepared);
    // As train tells the tiered kernel its work: a large model's passes pay for the SIMD kernel.
    objective.expectRows((long) objective.rows() * (direction != null ? 1 : Math.max(1, values)));
    if (!objective.hasHessianVectorProducts()) {
      throw new RunFailure("the " + options.backend + " backend computes no Hessian-vector products for model "
          + checked.name());
    }
    objective.setParameters(options.initialParams(prepared));
    int divisor = ModelOptions.divisor(checked, objective.rows());
    Curvature curvature = direction != null ? product(objective, direction, divisor)
        : hessian(objective, divisor, Runtime.getRuntime().availableProcessors());
    print(out, prepared.layout(), curvature, direction == null);
    out.flush();
    return 0;
  }

  /**
   * The model prepared with Hessian-vector products ({@link io.gradgen.Backend#prepareWithHessian}):
   * the java backend's tiered kernel compiled with its second-order method, in the model's
   * precision as {@code grad} runs it, or the interpreted autograd's forward-over-forward product.
   */
  private PreparedModel prepare(CheckedModel checked) {
    Precision precision = checked.training().precision();
    return options.backend(checked, precision).prepareWithHessian(checked, precision);
  }

  /** {@code java} and {@code interpreted} compute HVPs; any other name is refused before any work. */
  private static void requireSecondOrderBackend(String name) {
    List<String> able = List.of(Backends.JAVA, Backends.INTERPRETED);
    if (!able.contains(name)) {
      throw new UsageError("--backend " + name + ": hessian runs on java or interpreted"
          + (Backends.installed().choices().contains(name) ? "" : UsageWords.suggestion(name, able)));
    }
  }

  /**
   * The loss, the gradient and {@code H·direction}, each a sum over all rows divided by {@code
   * divisor} (as {@code grad}'s): one kernel pass.
   */
  static Curvature product(Objective objective, double[] direction, int divisor) {
    int values = objective.layout().parameterCount();
    double[] gradient = new double[values];
    double[] product = new double[values];
    double loss = objective.lossGradientAndHessianVector(0, objective.rows(), direction, gradient, product);
    divide(gradient, divisor);
    divide(product, divisor);
    return new Curvature(loss / divisor, gradient, new double[][] {product});
  }

  /**
   * The loss, the gradient and the whole Hessian, reduced as {@link #product}: column {@code c} is
   * {@code H·e_c}, one pass each. The loss and gradient are the first pass's (the contract makes
   * them {@link Objective#lossAndGradient}'s to the bit). Columns are independent sums, so they
   * are shared out among {@code threads} copies of the objective with the same bits as one would
   * give.
   */
  static Curvature hessian(Objective objective, int divisor, int threads) {
    int values = objective.layout().parameterCount();
    double[][] columns = new double[values][];
    if (values == 0) {
      double loss = objective.lossAndGradient(0, objective.rows(), new double[0]);
      return new Curvature(loss / divisor, new double[0], columns);
    }
    Curvature first = product(objective, unit(values, 0), divisor);
    columns[0] = first.products()[0];
    int workers = Math.max(1, Math.min(threads, values - 1));
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);
    List<Objective> copies = new ArrayList<>(List.of(objective));
    while (copies.size() < workers) {
      Objective copy = objective.copyForThread();
      if (!copy.hasHessianVectorProducts()) {
        copies = List.of(objective);
        break;
      }
      copies.add(copy);
    }
    workers = copies.size();
    List<Thread> started = new ArrayList<>();
    List<RuntimeException> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < workers; w++) {
      Objective own = copies.get(w);
      Runnable work = () -> {
        try {
          for (int c = next.getAndIncrement(); c < values; c = next.getAndIncrement()) {
            columns[c] = product(own, unit(values, c), divisor).products()[0];
          }
        } catch (RuntimeException e) {
          failed.add(e);
        }
      };
      if (w == workers - 1) {
        work.run();
      } else {
        Thread thread = new Thread(work, "hessian-" + w);
        thread.setDaemon(true);
        thread.start();
        started.add(thread);
      }
    }
    for (Thread thread : started) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunFailure("interrupted while computing the Hessian");
      }
    }
    if (!failed.isEmpty()) {
      throw failed.get(0);
    }
    return new Curvature(first.loss(), first.gradient(), columns);
  }

  /** e_index, of {@code size} values. */
  static double[] unit(int size, int index) {
    double[] unit = new double[size];
    unit[index] = 1;
    return unit;
  }

  private static void divide(double[] sums, int divisor) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= divisor;
    }
  }

  /**
   * Text or JSON on {@code out}. The matrix is written a row at a time rather than built whole: at
   * {@link #MOST_VALUES} it is 16 million numbers.
   */
  private void print(PrintWriter out, ModelLayout layout, Curvature curvature, boolean whole) {
    List<String> names = names(layout);
    double[][] columns = curvature.products();
    if (options.json) {
      ObjectNode json = Format.object();
      json.set("loss", Format.json(curvature.loss()));
      json.set("gradient", Format.jsonParams(layout, curvature.gradient()));
      if (!whole) {
        json.set("hvp", Format.jsonParams(layout, columns[0]));
        out.println(Format.json(json));
        return;
      }
      ArrayNode jsonNames = json.putArray("names");
      names.forEach(jsonNames::add);
      String head = Format.json(json);
      out.print(head.substring(0, head.length() - 1) + ", \"hessian\": [");
      for (int r = 0; r < names.size(); r++) {
        ArrayNode row = Format.array();
        for (int c = 0; c < names.size(); c++) {
          row.add(Format.json(columns[c][r]));
        }
        out.print((r == 0 ? "" : ", ") + Format.json(row));
      }
      out.println("]}");
      return;
    }
    out.print("loss: " + Format.number(curvature.loss()) + "\ngradient:\n"
        + Format.textParams(layout, curvature.gradient(), "  "));
    if (whole) {
      out.print("hessian:\n");
      table(out, names, columns, "  ");
    } else {
      out.print("hvp:\n" + Format.textParams(layout, columns[0], "  "));
    }
  }

  /**
   * The parameter elements in the flat layout, as CLI.md names them: {@code a} for a scalar, {@code
   * v[2]} for a vector's element, {@code w[0,1]} for a matrix's (row-major, declaration order).
   */
  static List<String> names(ModelLayout layout) {
    List<String> names = new ArrayList<>(layout.parameterCount());
    for (ParamSlot slot : layout.params()) {
      List<Integer> shape = slot.shape();
      if (shape.isEmpty()) {
        names.add(slot.name());
        continue;
      }
      for (int flat = 0; flat < slot.size(); flat++) {
        StringBuilder index = new StringBuilder();
        int rest = flat;
        for (int axis = shape.size() - 1; axis >= 0; axis--) {
          index.insert(0, (axis == 0 ? "" : ",") + rest % shape.get(axis));
          rest /= shape.get(axis);
        }
        names.add(slot.name() + "[" + index + "]");
      }
    }
    return names;
  }

  /**
   * The matrix whose column {@code c} is {@code columns[c]}, as a table for people, on {@code
   * out}: a header row of names, then a row per name, each column right-aligned to its widest
   * entry (the numbers as {@link Format#number} writes them).
   */
  static void table(PrintWriter out, List<String> names, double[][] columns, String indent) {
    int size = names.size();
    int[] widths = new int[size];
    int labels = 0;
    for (int c = 0; c < size; c++) {
      labels = Math.max(labels, names.get(c).length());
      widths[c] = names.get(c).length();
      for (int r = 0; r < size; r++) {
        widths[c] = Math.max(widths[c], Format.number(columns[c][r]).length());
      }
    }
    StringBuilder line = new StringBuilder(indent).append(" ".repeat(labels));
    for (int c = 0; c < size; c++) {
      line.append("  ").append(" ".repeat(widths[c] - names.get(c).length())).append(names.get(c));
    }
    out.println(line);
    for (int r = 0; r < size; r++) {
      line.setLength(0);
      line.append(indent).append(names.get(r)).append(" ".repeat(labels - names.get(r).length()));
      for (int c = 0; c < size; c++) {
        String cell = Format.number(columns[c][r]);
        line.append("  ").append(" ".repeat(widths[c] - cell.length())).append(cell);
      }
      out.println(line);
    }
  }
}
