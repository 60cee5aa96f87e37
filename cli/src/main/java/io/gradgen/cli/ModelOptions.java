package io.gradgen.cli;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model argument and the options every model command shares. */
final class ModelOptions {
  @Parameters(index = "0", paramLabel = "MODEL", description = "the .model file")
  Path model;

  @Option(names = "--data", paramLabel = "FILE", description = "data file (.csv or .npy); overrides the model's")
  Path data;

  @Option(names = "--backend", paramLabel = "java|cuda|interpreted", defaultValue = "java",
      description = "generated Java (default), generated PTX on a CUDA GPU, or the interpreted autograd")
  String backend;

  @Option(names = "--at", paramLabel = "NAME=VALUE[,…]", split = ",",
      description = "set scalar params before running: --at a=5,b=6")
  java.util.List<String> at = new java.util.ArrayList<>();

  @Option(names = "--json", description = "machine-readable output on stdout")
  boolean json;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed for initialisation and shuffling")
  long seed;

  CheckedModel check() {
    return Pipeline.check(model);
  }

  /** A command's {@code --precision f32|f64}, or {@code otherwise} when it was not given. */
  static Precision precision(String given, Precision otherwise) {
    if (given == null) {
      return otherwise;
    }
    if (!given.equals("f32") && !given.equals("f64")) {
      throw new UsageError("--precision expects f32 or f64, not '" + given + "'");
    }
    return Precision.valueOf(given.toUpperCase(java.util.Locale.ROOT));
  }

  /** A command's {@code --threads N}, or the machine's cores when it was not given. */
  static int threads(Integer given) {
    int threads = given != null ? given : Runtime.getRuntime().availableProcessors();
    if (threads < 1) {
      throw new UsageError("--threads must be at least 1");
    }
    return threads;
  }

  void requireJavaBackend() {
    switch (backend) {
      case "java" -> { }
      case "cuda" -> throw new RunFailure("--backend cuda: no CUDA GPU backend in this build; use --backend java");
      case "interpreted" -> { }
      default -> throw new UsageError("unknown backend '" + backend + "'; expected java, cuda or interpreted");
    }
  }

  CompiledModel compile(CheckedModel checked, Precision precision) {
    requireJavaBackend();
    return Gradgen.compile(checked, precision);
  }

  /** The objective the chosen backend computes, over the model's data. */
  io.gradgen.runtime.train.Objective objective(CompiledModel compiled) {
    Dataset rows = dataset(compiled);
    if (backend.equals("interpreted")) {
      return new io.gradgen.interpret.InterpretedObjective(compiled.checked().forward(), compiled.layout(), rows);
    }
    return compiled.objective(rows);
  }

  /** The model's data: --data, else its {@code data} file; a model without inputs has one empty row. */
  Dataset dataset(CompiledModel compiled) {
    ModelLayout layout = compiled.layout();
    if (!layout.hasInputs()) {
      return Dataset.none();
    }
    Path file = data != null ? data : compiled.dataFile();
    if (file == null) {
      throw new UsageError(model + ": model " + layout.modelName()
          + " reads inputs but names no data file; add 'data \"FILE.csv\"' or pass --data FILE");
    }
    if (!Files.exists(file)) {
      throw new UsageError(file + ": no such data file");
    }
    return DataLoader.read(file, layout);
  }

  /** Initial params with --at applied. */
  double[] initialParams(CompiledModel compiled) {
    double[] params = compiled.initialParams(seed);
    for (String assignment : at) {
      int equals = assignment.indexOf('=');
      if (equals <= 0) {
        throw new UsageError("--at expects NAME=VALUE, not '" + assignment + "'");
      }
      String name = assignment.substring(0, equals).trim();
      String text = assignment.substring(equals + 1).trim();
      ParamSlot slot = compiled.layout().param(name).orElseThrow(() ->
          new UsageError("--at: model " + compiled.layout().modelName() + " has no param '" + name + "'"));
      if (!slot.shape().isEmpty()) {
        throw new UsageError("--at: param '" + name + "' has shape " + io.gradgen.runtime.Shapes.format(slot.shape())
            + "; --at sets scalars only");
      }
      try {
        params[slot.offset()] = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new UsageError("--at: '" + text + "' is not a number");
      }
    }
    return params;
  }
}
