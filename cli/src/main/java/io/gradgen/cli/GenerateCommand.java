package io.gradgen.cli;

import io.gradgen.GeneratedSources;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.emit.ptx.PtxEmitter;
import io.gradgen.emit.ptx.PtxModule;
import io.gradgen.emit.ptx.UnsupportedPtxException;
import io.gradgen.runtime.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen generate MODEL [--target java] [-o DIR] [--package P] [--simd]}: writes the kernel's
 * source, {@code DIR/NameKernel.java}, and its model class, {@code DIR/NameModel.java} (through
 * {@link GeneratedSources}, as the annotation processor and the Maven plugin do), and prints the
 * kernel's path; {@code --target ptx} writes the model's PTX module, {@code DIR/Name.ptx}, and its
 * launch metadata, {@code DIR/Name.ptx.json} ({@link PtxModule#json()}), in the precision of the
 * model's {@code train} block, and prints both paths (a model the PTX emitter cannot emit is bad
 * input, exit 2); {@code --dump-after PASS} prints a form on the way there instead (planned for the
 * SIMD kernel with {@code --simd}).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write the generated kernel source (and its model class beside it), or with --target ptx the PTX module and its launch metadata, and print the paths.")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DumpOption dump;

  @Parameters(index = "0", paramLabel = "MODEL", description = "the .model file")
  Path model;

  // Java is what every other command runs, so it is the default; ptx is for the CUDA backend.
  @Option(names = "--target", paramLabel = "java|ptx", defaultValue = "java",
      description = "java (the default): the kernel and model class; ptx: the PTX module and its launch metadata")
  String target;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".", description = "output folder (default: the current one)")
  Path output;

  @Option(names = "--package", paramLabel = "P", defaultValue = JavaEmitter.DEFAULT_PACKAGE,
      description = "Java package of the generated classes (default: ${DEFAULT-VALUE})")
  String packageName;

  @Option(names = "--simd",
      description = "write the SIMD kernel (Vector API): compiling and running it need --add-modules jdk.incubator.vector")
  boolean simd;

  @Override
  public Integer call() throws IOException {
    if (!target.equals("java") && !target.equals("ptx")) {
      throw new UsageError("unknown target '" + target + "'; expected java or ptx");
    }
    if (!javax.lang.model.SourceVersion.isName(packageName)) {
      throw new UsageError("--package: '" + packageName + "' is not a Java package name");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (dump.print(model, simd, out)) {
      return 0;
    }
    OutputPaths.directory("-o", output);
    if (target.equals("ptx")) {
      return writePtx(out);
    }
    GeneratedSources sources = GeneratedSources.of(model, packageName, simd);
    Files.createDirectories(output);
    for (GeneratedSources.Source source : sources.files()) {
      AtomicFile.write(output.resolve(source.fileName()), source.text());
    }
    out.println(output.resolve(sources.kernel().fileName()));
    out.flush();
    return 0;
  }

  /** {@code DIR/Name.ptx} and {@code DIR/Name.ptx.json}, both paths printed. */
  private int writePtx(PrintWriter out) throws IOException {
    CheckedModel checked = Pipeline.check(model);
    checked.requireNoMetrics("the PTX backend");
    PtxModule module;
    try {
      module = PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout());
    } catch (UnsupportedPtxException e) {
      throw new UsageError(model + ": " + e.getMessage());
    }
    Files.createDirectories(output);
    Path ptx = output.resolve(module.modelName() + ".ptx");
    Path json = output.resolve(module.modelName() + ".ptx.json");
    AtomicFile.write(ptx, module.text());
    AtomicFile.write(json, module.json());
    out.println(ptx);
    out.println(json);
    out.flush();
    return 0;
  }
}
