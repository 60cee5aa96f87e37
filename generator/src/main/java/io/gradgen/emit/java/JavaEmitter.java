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
import io.gradgen.plan.KernelPlan;
import io.gradgen.plan.MethodPlan;
import io.gradgen.plan.MethodSizer;
import io.gradgen.plan.Planner;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.EpochShape;
import io.gradgen.runtime.train.EpochStep;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.TrainingConfig;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits a kernel plan as one Java class implementing the runtime's kernel contract ({@link
 * DoubleKernel}, or {@link FloatKernel} for {@code precision f32}). The class depends on the
 * runtime jar alone and compiles under both Janino and javac: no lambdas, no {@code var}, no
 * generics, no switch expressions.
 *
 * <pre>
 * JavaFile file = JavaEmitter.emit(plan, "io.gradgen.generated");
 * file.toString();   // public final class CubicKernel implements DoubleKernel { … }
 * </pre>
 *
 * <p>Its {@link #sizer} is how the {@link Planner} keeps each method under HotSpot's limit: it
 * writes the method from a candidate plan and counts its tokens.
 */
public final class JavaEmitter {
  public static final String DEFAULT_PACKAGE = "io.gradgen.generated";

  /**
   * HotSpot never compiles a method of more than 8,000 bytes of bytecode (it runs it interpreted,
   * several times slower), and heavily unrolled bodies of deep small models get there. A method
   * body is kept to this many {@linkplain JavaTokens tokens}: about 7,000–7,400 bytes at the 1.10–1.16
   * bytes a token measured, scalar and SIMD alike.
   */
  static final int MAX_BODY_TOKENS = 6_400;

  /**
   * The JVM refuses a method of more than 65,535 bytes of bytecode (Janino: "Code grows beyond 64
   * KB", javac: "code too large"). A method of this many tokens is at most about 54,000 bytes at
   * the 1.21 bytes a token measured for the longest that fit (a 5,500-term scalar sum: 50,000
   * tokens, 60,421 bytes under javac): a method the planner cannot bring under it is refused before
   * it is compiled, with a sixth to spare for code that packs more bytes into a token.
   */
  static final int MAX_METHOD_TOKENS = 45_000;

  private JavaEmitter() {}

  /** The class name the emitter gives a model: {@code CropYield} → {@code CropYieldKernel}. */
  public static String className(String modelName) {
    return JavaNames.className(modelName);
  }

  /**
   * The planner's question for the Java backend: does the method written from a plan fit HotSpot's
   * limit? Yes at once where even the {@link TokenBound} does; else the method is written (without
   * comments) and its tokens counted.
   */
  public static MethodSizer sizer(boolean simd) {
    return new MethodSizer() {
      @Override
      public boolean fits(MethodPlan plan) {
        return TokenBound.of(plan, simd) <= MAX_BODY_TOKENS || tokens(plan, simd) <= MAX_BODY_TOKENS;
      }

      @Override
      public boolean compiles(MethodPlan plan) {
        return TokenBound.of(plan, simd) <= MAX_METHOD_TOKENS || tokens(plan, simd) <= MAX_METHOD_TOKENS;
      }
    };
  }

  /** The tokens of the method body written from {@code plan}. */
  static int tokens(MethodPlan plan, boolean simd) {
    return JavaTokens.count(MethodWriter.write(plan, new JavaNames(plan.graph(), plan.layout()), new ClassFields(),
        simd, false).toString());
  }

  /** Plans {@code graph} for the Java backend and emits its scalar kernel. */
  public static JavaFile emit(Graph graph, ModelLayout layout, String packageName) {
    return emit(graph, layout, packageName, false);
  }

  /**
   * Plans {@code graph} for the Java backend and emits it, with SIMD loops where {@code simd}, for
   * the default training settings (an epoch method of plain SGD steps).
   */
  public static JavaFile emit(Graph graph, ModelLayout layout, String packageName, boolean simd) {
    return emit(Planner.plan(graph, layout, DEFAULT_EPOCH, simd, sizer(simd)), packageName);
  }

  /** As {@link #emit(Graph, ModelLayout, String, boolean)}, at most {@code rowBlock} rows an iteration. */
  static JavaFile emit(Graph graph, ModelLayout layout, String packageName, int rowBlock, boolean simd) {
    return emit(Planner.plan(graph, layout, DEFAULT_EPOCH, simd, sizer(simd), rowBlock), packageName);
  }

  /** The epoch a model without a {@code train} block trains with: plain SGD, no clipping. */
  static final EpochShape DEFAULT_EPOCH = EpochShape.of(TrainingConfig.defaults());

  public static JavaFile emit(KernelPlan plan, String packageName) {
    return emit(plan, null, packageName);
  }

  /**
   * As {@link #emit(KernelPlan, String)}, with the Hessian-vector product where {@code
   * hessianVector} (the plan of the graph {@link io.gradgen.autodiff.HessianVector} builds) is not
   * null: {@link HessianWriter}. Without it the class is exactly what it was without second order.
   */
  public static JavaFile emit(KernelPlan plan, MethodPlan hessianVector, String packageName) {
    Graph graph = plan.graph();
    ModelLayout layout = plan.layout();
    JavaNames names = new JavaNames(graph, layout);
    ClassFields fields = new ClassFields();
    ClassName self = ClassName.get(packageName, className(layout.modelName()));
    boolean f32 = layout.precision() == Precision.F32;
    TypeName parameters = ArrayTypeName.of(f32 ? TypeName.FLOAT : TypeName.DOUBLE);
    TypeName gradients = ArrayTypeName.of(TypeName.DOUBLE);
    ClassName contract = ClassName.get(f32 ? FloatKernel.class : DoubleKernel.class);
    boolean simd = plan.simd();

    MethodSpec train = MethodSpec.methodBuilder("lossAndGradient")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.from())
        .addParameter(TypeName.INT, names.to())
        .addParameter(gradients, names.gradient())
        .addCode(MethodWriter.write(plan.lossAndGradient(), names, fields, simd, true))
        .build();
    MethodSpec loss = MethodSpec.methodBuilder("loss")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.from())
        .addParameter(TypeName.INT, names.to())
        .addCode(MethodWriter.write(plan.loss(), names, fields, simd, true))
        .build();
    MethodSpec.Builder predict = MethodSpec.methodBuilder("predict")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.row())
        .addParameter(gradients, names.output());
    if (plan.predict().isPresent()) {
      predict.addCode(MethodWriter.write(plan.predict().get(), names, fields, simd, true));
    } else {
      predict.addStatement(
          "throw new $T($S)", IllegalStateException.class,
          "model " + layout.modelName() + " declares no output");
    }
    MethodSpec epoch = plan.epoch().map(epochPlan -> MethodSpec.methodBuilder("epoch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(ArrayTypeName.of(TypeName.INT), names.order())
        .addParameter(TypeName.INT, names.rows())
        .addParameter(TypeName.INT, names.batch())
        .addParameter(TypeName.BOOLEAN, names.mean())
        .addParameter(EpochStep.class, names.epochStep())
        .addParameter(ArrayTypeName.of(TypeName.DOUBLE), names.epochLoss())
        .addCode(MethodWriter.write(epochPlan, names, fields, false, true))
        .build()).orElse(null);

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addJavadoc("Generated by gradgen from model $S. Do not edit.\n", layout.modelName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(contract)
        .addField(FieldSpec.builder(ModelLayout.class, names.layoutField(), Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL)
            .initializer(layoutInitializer(layout))
            .build());
    MethodSpec metrics = MetricWriter.write(plan.metrics(), names, type, self, parameters);
    addFields(type, names, fields);
    type.addMethod(MethodSpec.methodBuilder("layout")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ModelLayout.class)
            .addStatement("return $N", names.layoutField())
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
    if (metrics != null) {
      type.addMethod(metrics);
    }
    if (hessianVector != null) {
      HessianWriter.write(hessianVector, layout.parameterCount(), simd, names, type, self, parameters);
    }
    if (epoch != null) {
      EpochShape shape = plan.epoch().get().epochShape();
      type.addField(FieldSpec.builder(EpochShape.class, names.epochShapeField(), Modifier.PRIVATE, Modifier.STATIC,
              Modifier.FINAL)
          .initializer(epochShape(shape))
          .build());
      type.addMethod(MethodSpec.methodBuilder("epochShape")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(EpochShape.class)
              .addStatement("return $N", names.epochShapeField())
              .build())
          .addMethod(epoch);
    }
    return JavaFile.builder(packageName, type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The fields {@code fields} found a class's methods need, named by {@code names}. */
  static void addFields(TypeSpec.Builder type, JavaNames names, ClassFields fields) {
    if (fields.doubleSpecies()) {
      type.addField(FieldSpec.builder(VectorSyntax.SPECIES, names.doubleSpecies(),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.SPECIES_256", VectorSyntax.DOUBLE_VECTOR)
          .build());
    }
    if (fields.floatSpecies()) {
      type.addField(FieldSpec.builder(VectorSyntax.SPECIES, names.floatSpecies(),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.SPECIES_128", VectorSyntax.FLOAT_VECTOR)
          .build());
    }
    for (Map.Entry<Integer, double[]> constant : fields.constants().entrySet()) {
      type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), names.constant(constant.getKey()),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer(arrayLiteral(constant.getValue()))
          .build());
    }
    if (fields.widenedParams() > 0) {
      type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), names.widenedParams(),
              Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new double[$L]", fields.widenedParams())
          .build());
    }
    for (Map.Entry<Integer, Integer> array : fields.scratch().entrySet()) {
      type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), names.scratch(array.getKey()),
              Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new double[$L]", array.getValue())
          .build());
    }
  }

  /** The layout as a {@link LayoutBuilder} chain: the kernel's {@code LAYOUT}, and its model class's. */
  static CodeBlock layoutInitializer(ModelLayout layout) {
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
    for (String metric : layout.metrics()) {
      code.add("\n.metric($S)", metric);
    }
    return code.add("\n.build()").unindent().build();
  }

  private static CodeBlock init(Init init) {
    if (init instanceof Init.Zeros) {
      return CodeBlock.of("$T.zeros()", LayoutBuilder.class);
    }
    if (init instanceof Init.Fill fill) {
      return CodeBlock.of("$T.fill($L)", LayoutBuilder.class, JavaSyntax.literal(fill.value()).code());
    }
    if (init instanceof Init.Values values) {
      double[] array = values.values().stream().mapToDouble(Double::doubleValue).toArray();
      return CodeBlock.of("$T.values($L)", LayoutBuilder.class, arrayLiteral(array));
    }
    if (init instanceof Init.Randn randn) {
      return randn.seed() == null
          ? CodeBlock.of("$T.randnUnseeded($L)", LayoutBuilder.class, JavaSyntax.literal(randn.std()).code())
          : CodeBlock.of("$T.randn($LL, $L)", LayoutBuilder.class, randn.seed(), JavaSyntax.literal(randn.std()).code());
    }
    Init.Uniform uniform = (Init.Uniform) init;
    return uniform.seed() == null
        ? CodeBlock.of("$T.uniformUnseeded($L, $L)", LayoutBuilder.class,
            JavaSyntax.literal(uniform.lo()).code(), JavaSyntax.literal(uniform.hi()).code())
        : CodeBlock.of("$T.uniform($L, $L, $LL)", LayoutBuilder.class,
            JavaSyntax.literal(uniform.lo()).code(), JavaSyntax.literal(uniform.hi()).code(), uniform.seed());
  }

  private static CodeBlock intArray(java.util.List<Integer> shape) {
    return CodeBlock.of("new int[] {$L}", shape.stream()
        .map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
  }

  private static CodeBlock arrayLiteral(double[] values) {
    java.util.List<CodeBlock> elements = new java.util.ArrayList<>();
    for (double value : values) {
      elements.add(JavaSyntax.literal(value).code());
    }
    return CodeBlock.of("new double[] {$L}", CodeBlock.join(elements, ", "));
  }

  /** The shape as the kernel spells it: options, where there are any, as an array in their enum order. */
  private static CodeBlock epochShape(EpochShape shape) {
    if (shape.options().isEmpty()) {
      return CodeBlock.of("new $T($T.$L, $L)", EpochShape.class, OptimizerSpec.Kind.class, shape.optimizer().name(),
          shape.clipped());
    }
    CodeBlock.Builder options = CodeBlock.builder();
    for (EpochShape.Option option : EpochShape.Option.values()) {
      if (shape.has(option)) {
        options.add(options.isEmpty() ? "$T.$L" : ", $T.$L", EpochShape.Option.class, option.name());
      }
    }
    return CodeBlock.of("new $T($T.$L, $L, new $T[] {$L})", EpochShape.class, OptimizerSpec.Kind.class,
        shape.optimizer().name(), shape.clipped(), EpochShape.Option.class, options.build());
  }
}
