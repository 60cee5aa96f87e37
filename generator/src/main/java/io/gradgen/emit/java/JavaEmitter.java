package io.gradgen.emit.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.gradgen.ir.Graph;
import io.gradgen.plan.StoragePlan;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * Emits a differentiated, optimized graph as one Java class implementing the runtime's kernel
 * contract ({@link DoubleKernel}, or {@link FloatKernel} for {@code precision f32}). The class
 * depends on the runtime jar alone and compiles under both Janino and javac: no lambdas, no {@code
 * var}, no generics, no switch expressions.
 *
 * <pre>
 * JavaFile file = JavaEmitter.emit(graph, layout, "io.gradgen.generated");
 * file.toString();   // public final class CubicKernel implements DoubleKernel { … }
 * </pre>
 */
public final class JavaEmitter {
  public static final String DEFAULT_PACKAGE = "io.gradgen.generated";

  private JavaEmitter() {}

  /** The class name the emitter gives a model: {@code CropYield} → {@code CropYieldKernel}. */
  public static String className(String modelName) {
    return JavaNames.className(modelName);
  }

  public static JavaFile emit(Graph graph, ModelLayout layout, String packageName) {
    return emit(graph, layout, packageName, false);
  }

  /**
   * As {@link #emit(Graph, ModelLayout, String)}; with {@code simd}, the loops that can are written
   * with the Vector API ({@code jdk.incubator.vector}, see {@code MethodWriter}) and compute the
   * scalar kernel's bits, faster. Such a class needs {@code --add-modules jdk.incubator.vector} to
   * compile and to run.
   */
  public static JavaFile emit(Graph graph, ModelLayout layout, String packageName, boolean simd) {
    return emit(graph, layout, packageName, ROW_BLOCK, simd);
  }

  /**
   * The most rows per iteration of the row loops of {@code lossAndGradient} and {@code loss} (a
   * kernel without matrix work takes two, see {@code MethodWriter}): each param element read once
   * serves every row of the block, and the rows' sums are independent chains the CPU runs side by
   * side. Each row's values are computed exactly as alone and added to the loss and gradient sums
   * in row order, so the results are those of a one-row loop, bit for bit.
   */
  static final int ROW_BLOCK = 4;

  /** As {@link #emit(Graph, ModelLayout, String, boolean)}, {@code rowBlock} rows at a time (1: one). */
  static JavaFile emit(Graph graph, ModelLayout layout, String packageName, int rowBlock, boolean simd) {
    JavaNames names = new JavaNames();
    KernelShape kernel = new KernelShape(layout);
    ClassName self = ClassName.get(packageName, className(layout.modelName()));
    boolean f32 = layout.precision() == Precision.F32;
    TypeName parameters = ArrayTypeName.of(f32 ? TypeName.FLOAT : TypeName.DOUBLE);
    TypeName gradients = ArrayTypeName.of(TypeName.DOUBLE);
    ClassName contract = ClassName.get(f32 ? FloatKernel.class : DoubleKernel.class);

    SortedMap<Integer, Integer> scratch = new TreeMap<>();
    SortedMap<Integer, double[]> constants = new TreeMap<>();
    Set<String> species = simd ? new TreeSet<>() : null;

    MethodSpec train = MethodSpec.methodBuilder("lossAndGradient")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.from())
        .addParameter(TypeName.INT, names.to())
        .addParameter(gradients, names.gradient())
        .addCode(body(graph, MethodWriter.Mode.TRAIN, names, kernel, scratch, constants, species, rowBlock))
        .build();
    MethodSpec loss = MethodSpec.methodBuilder("loss")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.from())
        .addParameter(TypeName.INT, names.to())
        .addCode(body(graph, MethodWriter.Mode.LOSS, names, kernel, scratch, constants, species, rowBlock))
        .build();
    MethodSpec.Builder predict = MethodSpec.methodBuilder("predict")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.row())
        .addParameter(gradients, names.output());
    if (graph.hasOutput()) {
      predict.addCode(body(graph, MethodWriter.Mode.PREDICT, names, kernel, scratch, constants, species, 1));
    } else {
      predict.addStatement(
          "throw new $T($S)", IllegalStateException.class,
          "model " + layout.modelName() + " declares no output");
    }

    MethodSpec epoch = epochMethod(graph, names, kernel, parameters, scratch, constants);

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addJavadoc("Generated by gradgen from model $S. Do not edit.\n", layout.modelName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(contract)
        .addField(FieldSpec.builder(ModelLayout.class, "LAYOUT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(layoutInitializer(layout))
            .build());
    if (species != null && species.contains(VectorSyntax.DOUBLES)) {
      type.addField(FieldSpec.builder(VectorSyntax.SPECIES, VectorSyntax.DOUBLES,
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.SPECIES_256", VectorSyntax.DOUBLE_VECTOR)
          .build());
    }
    if (species != null && species.contains(VectorSyntax.FLOATS)) {
      type.addField(FieldSpec.builder(VectorSyntax.SPECIES, VectorSyntax.FLOATS,
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.SPECIES_128", VectorSyntax.FLOAT_VECTOR)
          .build());
    }
    for (Map.Entry<Integer, double[]> constant : constants.entrySet()) {
      type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), names.constant(constant.getKey()),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer(arrayLiteral(constant.getValue()))
          .build());
    }
    for (Map.Entry<Integer, Integer> array : scratch.entrySet()) {
      String field = array.getKey() == MethodWriter.WIDENED_PARAMS
          ? names.widenedParams()
          : names.scratch(array.getKey());
      type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), field,
              Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new double[$L]", array.getValue())
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("layout")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ModelLayout.class)
            .addStatement("return LAYOUT")
            .build())
        .addMethod(MethodSpec.methodBuilder("copy")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(contract)
            .addStatement("return new $T()", self)
            .build())
        .addMethod(train)
        .addMethod(loss)
        .addMethod(predict.build());
    if (epoch != null) {
      type.addMethod(MethodSpec.methodBuilder("hasSgdEpoch")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(TypeName.BOOLEAN)
              .addStatement("return true")
              .build())
          .addMethod(epoch);
    }
    return JavaFile.builder(packageName, type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /**
   * {@code sgdEpoch} for a small model ({@code MethodWriter.fitsEpoch}), whose steps are short
   * enough that the trainer's per-step calls and arrays would cost as much; null for the rest, or
   * where the body would be too long for the JIT.
   */
  private static MethodSpec epochMethod(Graph graph, JavaNames names, KernelShape kernel, TypeName parameters,
      SortedMap<Integer, Integer> scratch, SortedMap<Integer, double[]> constants) {
    SortedMap<Integer, Integer> ownScratch = new TreeMap<>();
    SortedMap<Integer, double[]> ownConstants = new TreeMap<>();
    MethodWriter writer = new MethodWriter(graph, MethodWriter.Mode.EPOCH, names, kernel, ownScratch, ownConstants,
        StoragePlan.UNROLL_BUDGET, 1, null);
    if (!writer.fitsEpoch()) {
      return null;
    }
    CodeBlock body = writer.write();
    if (body.toString().length() > MAX_BODY_CHARS) {
      return null;
    }
    ownScratch.forEach((id, size) -> scratch.merge(id, size, Math::max));
    constants.putAll(ownConstants);
    return MethodSpec.methodBuilder("sgdEpoch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(ArrayTypeName.of(TypeName.INT), names.order())
        .addParameter(TypeName.INT, names.rows())
        .addParameter(TypeName.INT, names.batch())
        .addParameter(TypeName.DOUBLE, names.lr())
        .addParameter(TypeName.BOOLEAN, names.mean())
        .addParameter(ArrayTypeName.of(TypeName.DOUBLE), names.epochLoss())
        .addCode(body)
        .build();
  }

  private static CodeBlock layoutInitializer(ModelLayout layout) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add("new $T($S, $T.$L)", LayoutBuilder.class, layout.modelName(), Precision.class, layout.precision().name())
        .indent();
    for (ParamSlot slot : layout.params()) {
      code.add("\n.param($S, $L, $L)", slot.name(), intArray(slot.shape()), init(slot.init()));
    }
    for (DataSlot slot : layout.data()) {
      CodeBlock columns = CodeBlock.of("new String[] {$L}", slot.columns().stream()
          .map(column -> CodeBlock.of("$S", column))
          .collect(CodeBlock.joining(", ")));
      code.add("\n.$L($S, $L, $L)", slot.target() ? "target" : "input", slot.name(), intArray(slot.shape()), columns);
    }
    if (layout.hasOutput()) {
      code.add("\n.output($S, $L)", layout.outputName(), intArray(layout.outputShape()));
    }
    return code.add("\n.build()").unindent().build();
  }

  private static CodeBlock init(Init init) {
    if (init instanceof Init.Zeros) {
      return CodeBlock.of("$T.zeros()", LayoutBuilder.class);
    }
    if (init instanceof Init.Fill fill) {
      return CodeBlock.of("$T.fill($L)", LayoutBuilder.class, JavaSyntax.literal(fill.value()));
    }
    if (init instanceof Init.Values values) {
      double[] array = values.values().stream().mapToDouble(Double::doubleValue).toArray();
      return CodeBlock.of("$T.values($L)", LayoutBuilder.class, arrayLiteral(array));
    }
    if (init instanceof Init.Randn randn) {
      return randn.seed() == null
          ? CodeBlock.of("$T.randnUnseeded($L)", LayoutBuilder.class, JavaSyntax.literal(randn.std()))
          : CodeBlock.of("$T.randn($LL, $L)", LayoutBuilder.class, randn.seed(), JavaSyntax.literal(randn.std()));
    }
    Init.Uniform uniform = (Init.Uniform) init;
    return uniform.seed() == null
        ? CodeBlock.of("$T.uniformUnseeded($L, $L)", LayoutBuilder.class,
            JavaSyntax.literal(uniform.lo()), JavaSyntax.literal(uniform.hi()))
        : CodeBlock.of("$T.uniform($L, $L, $LL)", LayoutBuilder.class,
            JavaSyntax.literal(uniform.lo()), JavaSyntax.literal(uniform.hi()), uniform.seed());
  }

  private static CodeBlock intArray(java.util.List<Integer> shape) {
    return CodeBlock.of("new int[] {$L}", shape.stream()
        .map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
  }

  private static CodeBlock arrayLiteral(double[] values) {
    StringBuilder text = new StringBuilder("new double[] {");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(JavaSyntax.literal(values[i]));
    }
    return CodeBlock.of("$L", text.append('}'));
  }

  /**
   * HotSpot never compiles a method of more than 8,000 bytes of bytecode (it runs it interpreted,
   * several times slower), and heavily unrolled bodies of deep small models get there. A body whose
   * source is longer than this (about 0.4 bytes of bytecode per character, measured) is written
   * again with half as many rows at a time, down to one, then with half the unroll budget and all
   * the rows again, and so on down to one row and rolling everything but scalars.
   */
  static final int MAX_BODY_CHARS = 16_000;

  /**
   * The same limit for SIMD code, whose text is longer for its bytecode ({@code
   * DoubleVector.fromArray(D4, p, i * 32 + k)} is 40 characters and 10 bytes): about 0.31 bytes a
   * character, measured on a 32-64-64-1 network whose four-row body is 20,700 characters and
   * 6,436 bytes, so 22,000 characters stay near the scalar limit's 6,400 bytes.
   */
  static final int MAX_SIMD_BODY_CHARS = 22_000;

  private static CodeBlock body(
      Graph graph,
      MethodWriter.Mode mode,
      JavaNames names,
      KernelShape kernel,
      SortedMap<Integer, Integer> scratch,
      SortedMap<Integer, double[]> constants,
      Set<String> species,
      int rowBlock) {
    for (int budget = StoragePlan.UNROLL_BUDGET; ; budget /= 2) {
      for (int rows = rowBlock; ; rows /= 2) {
        SortedMap<Integer, Integer> ownScratch = new TreeMap<>();
        SortedMap<Integer, double[]> ownConstants = new TreeMap<>();
        Set<String> ownSpecies = species == null ? null : new TreeSet<>();
        CodeBlock block = new MethodWriter(
            graph, mode, names, kernel, ownScratch, ownConstants, budget, rows, ownSpecies).write();
        int limit = species == null ? MAX_BODY_CHARS : MAX_SIMD_BODY_CHARS;
        if ((budget == 1 && rows == 1) || block.toString().length() <= limit) {
          ownScratch.forEach((id, size) -> scratch.merge(id, size, Math::max));
          constants.putAll(ownConstants);
          if (species != null) {
            species.addAll(ownSpecies);
          }
          return block;
        }
        if (rows == 1) {
          break;
        }
      }
    }
  }
}
