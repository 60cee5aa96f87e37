package io.gradgen.cli;

import io.gradgen.GeneratedSources;
import io.gradgen.emit.java.JavaEmitter;
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
 * {@code gradgen generate MODEL --target java [-o DIR] [--package P] [--simd]}: writes the kernel's
 * source, {@code DIR/NameKernel.java}, and its model class, {@code DIR/NameModel.java} (through
 * {@link GeneratedSources}, as the annotation processor and the Maven plugin do), and prints the
 * kernel's path; {@code --dump-after PASS} prints a form on the way there instead (planned for the
 * SIMD kernel with {@code --simd}).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write the generated kernel source (and its model class beside it) and print its path.")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DumpOption dump;

  @Parameters(index = "0", paramLabel = "MODEL", description = "the .model file")
  Path model;

  @Option(names = "--target", required = true, paramLabel = "java|ptx", description = "java or ptx")
  String target;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".", description = "output folder")
  Path output;

  @Option(names = "--package", paramLabel = "P", defaultValue = JavaEmitter.DEFAULT_PACKAGE,
      description = "Java package of the generated class")
  String packageName;

  @Option(names = "--simd",
      description = "write the SIMD kernel (Vector API): compiling and running it need --add-modules jdk.incubator.vector")
  boolean simd;

  @Override
  public Integer call() throws IOException {
    if (!target.equals("java")) {
      throw new UsageError(target.equals("ptx")
          ? "--target ptx is not available in this build; use --target java"
          : "unknown target '" + target + "'; expected java or ptx");
    }
    if (!javax.lang.model.SourceVersion.isName(packageName)) {
      throw new UsageError("--package: '" + packageName + "' is not a Java package name");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (dump.print(model, simd, out)) {
      return 0;
    }
    OutputPaths.directory("-o", output);
    GeneratedSources sources = GeneratedSources.of(model, packageName, simd);
    Files.createDirectories(output);
    for (GeneratedSources.Source source : sources.files()) {
      AtomicFile.write(output.resolve(source.fileName()), source.text());
    }
    out.println(output.resolve(sources.kernel().fileName()));
    out.flush();
    return 0;
  }
}
