package io.gradgen.cli;

import io.gradgen.Pipeline;
import io.gradgen.Pipeline.Pass;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --dump-after PASS} ({@code grad}, {@code check}, {@code generate}, {@code hessian}): runs the pipeline up
 * to {@code PASS} and prints that form ({@link Pipeline#dump}) instead of doing the command's work,
 * before anything is compiled or any data read.
 *
 * <pre>
 * $ gradgen grad samples/cubic.model --dump-after check
 * %0 = param a : []
 * %1 = param b : []
 * %2 = mul %0 %0 : []
 * …
 * loss = %6
 * </pre>
 */
final class DumpOption {
  @Option(names = "--dump-after", paramLabel = "PASS", converter = PassConverter.class,
      completionCandidates = PassNames.class,
      description = "stop after PASS (one of ${COMPLETION-CANDIDATES}) and print its form (docs/CLI.md)")
  Pass after;

  /** The five labels, in pipeline order. */
  static final class PassNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Pass.values()).map(Pass::label).iterator();
    }
  }

  /** {@code parse} → {@link Pass#PARSE}; anything else is a usage error naming the five. */
  static final class PassConverter implements ITypeConverter<Pass> {
    @Override
    public Pass convert(String label) {
      return Pass.named(label).orElseThrow(() -> new TypeConversionException(
          "expected " + Format.listed(Arrays.stream(Pass.values()).map(Pass::label).toList(), "or")
              + ", not '" + label + "'"));
    }
  }

  /**
   * When {@code --dump-after} was given, prints the form of {@code model} after that pass ({@code
   * simd}: as the SIMD kernel would be planned) on {@code out} and returns true; else false.
   */
  boolean print(Path model, boolean simd, PrintWriter out) {
    if (after == null) {
      return false;
    }
    String text = Pipeline.dump(model, after, simd);
    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    out.flush();
    return true;
  }
}
