package io.gradgen.cli;

import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.graph.DotWriter;
import io.gradgen.graph.Graphviz;
import io.gradgen.ir.Graph;
import io.gradgen.runtime.AtomicFile;
import io.gradgen.runtime.DataSlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen graph MODEL [-o FILE.dot|.svg|.png] [--forward] [--after differentiate|optimize]}:
 * the model's forward and backward graph as PyTorchViz's {@code make_dot} draws it ({@link
 * DotWriter}). Without {@code -o} the DOT goes to stdout, for {@code | dot -Tsvg > g.svg}; a
 * {@code .svg} or {@code .png} is rendered by Graphviz's {@code dot}, which only those need.
 * Every argument is checked before the model is read: a bad {@code --after}, an unknown
 * extension or an unwritable {@code -o} is exit 2, a missing {@code dot} exit 1.
 */
@Command(name = "graph", mixinStandardHelpOptions = true, version = "gradgen 0.1.0",
    description = {"Draw the model's computation graph, forward and backward, as PyTorchViz's make_dot draws "
        + "an autograd graph: params light blue, inputs light yellow, targets pink, constants white "
        + "ellipses, forward ops white, the loss and output green, backward ops grey and named by the "
        + "grad_fn PyTorch gives the forward op (MulBackward0, MvBackward0), each gradient an "
        + "AccumulateGrad box linked to its param, the ops of each named value boxed together.",
        "Without -o, the DOT text goes to stdout (pipe it to dot -Tsvg)."})
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "the .model file")
  Path model;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "write FILE.dot (DOT text), FILE.svg or FILE.png (rendered by Graphviz's dot, which must be on PATH) "
          + "instead of DOT on stdout")
  Path output;

  @Option(names = "--forward", description = "draw the forward graph alone, without the backward ops and gradients")
  boolean forward;

  @Option(names = "--after", paramLabel = "PASS", defaultValue = "optimize",
      description = "draw the graph after differentiate (as derived, dead code included) or after optimize "
          + "(simplified: what the kernel computes); default: ${DEFAULT-VALUE}")
  String after;

  /** What {@code -o} writes, by its extension. */
  private enum Kind {
    DOT,
    SVG,
    PNG
  }

  @Override
  public Integer call() throws IOException {
    Pipeline.Pass pass = pass(after);
    Kind kind = Kind.DOT;
    Optional<Path> dot = Optional.empty();
    if (output != null) {
      OutputPaths.file("-o", output);
      Map<String, Path> inputs = new LinkedHashMap<>();
      inputs.put("model file", model);
      OutputPaths.distinct(Map.of("-o", output), inputs);
      kind = kind(output);
      if (kind != Kind.DOT) {
        dot = Graphviz.find(System.getenv("PATH"));
        if (dot.isEmpty()) {
          throw new RunFailure("rendering " + output + " needs Graphviz's dot (Debian: apt-get install graphviz); -o "
              + withExtension(output, "dot") + " works without it");
        }
      }
    }
    CheckedModel checked = Pipeline.check(model);
    Graph graph = Pipeline.differentiate(checked);
    if (pass == Pipeline.Pass.OPTIMIZE) {
      graph = Pipeline.optimize(graph);
    }
    String title = checked.name() + (forward ? ": forward" : ": forward and backward") + ", after " + pass.label();
    String text = DotWriter.write(graph, title, targets(checked), forward);
    PrintWriter out = spec.commandLine().getOut();
    switch (kind) {
      case DOT -> {
        if (output == null) {
          out.print(text);
        } else {
          AtomicFile.write(output, text);
          out.println(output);
        }
      }
      case SVG -> {
        Graphviz.render(dot.orElseThrow(), text, Graphviz.Format.SVG, output);
        out.println(output);
      }
      case PNG -> {
        Graphviz.render(dot.orElseThrow(), text, Graphviz.Format.PNG, output);
        out.println(output);
      }
    }
    out.flush();
    return 0;
  }

  private static Pipeline.Pass pass(String label) {
    Optional<Pipeline.Pass> pass = Pipeline.Pass.named(label);
    if (pass.isEmpty() || (pass.get() != Pipeline.Pass.DIFFERENTIATE && pass.get() != Pipeline.Pass.OPTIMIZE)) {
      throw new UsageError("--after must be differentiate or optimize, not '" + label + "'");
    }
    return pass.get();
  }

  private static Kind kind(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".dot") || name.endsWith(".gv")) {
      return Kind.DOT;
    }
    Optional<Graphviz.Format> format = Graphviz.Format.of(file);
    if (format.isEmpty()) {
      throw new UsageError("-o " + file + ": the file must end in .dot, .svg or .png (the format it is written in)");
    }
    return format.get() == Graphviz.Format.SVG ? Kind.SVG : Kind.PNG;
  }

  /** {@code g.svg} → {@code g.dot}. */
  private static Path withExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "." + extension);
  }

  private static Set<String> targets(CheckedModel checked) {
    Set<String> targets = new LinkedHashSet<>();
    for (DataSlot slot : checked.layout().data()) {
      if (slot.target()) {
        targets.add(slot.name());
      }
    }
    return targets;
  }
}
