package io.gradgen.emit.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.gradgen.plan.MethodPlan;
import javax.lang.model.element.Modifier;

/**
 * Writes a kernel's Hessian-vector product: the {@code lossAndGradient}-style method of the graph
 * {@link io.gradgen.autodiff.HessianVector} builds (its params {@code [θ, v]}, its gradient sums
 * {@code [g, H·v]}), in a nested class of its own because it is planned on a graph of its own and
 * so names its values and fields apart from the kernel's; and the contract's {@code
 * lossGradientAndHessianVector}, which hands it the params and direction side by side and the
 * gradient and product sums side by side, in two arrays of the nested class (no allocation).
 *
 * <p>The gradient sums are copied in before and out after, so the caller's gradient receives
 * exactly the additions {@code lossAndGradient} would make: the same nodes, summed in the same row
 * order, give the same bits.
 *
 * <pre>
 * static final class HessianVector {
 *   private final double[] pv = new double[4];
 *   private final double[] gh = new double[4];
 *   double sum(double[] p, double[] d, int from, int to, double[] g) { … }
 *   double run(double[] p, double[] d, int from, int to, double[] v, double[] g, double[] hv) { … }
 * }
 * public double lossGradientAndHessianVector(double[] p, double[] d, int from, int to, double[] v,
 *     double[] g, double[] hv) {
 *   return hessianVector.run(p, d, from, to, v, g, hv);
 * }
 * </pre>
 */
final class HessianWriter {
  private static final String SUM = "sum";
  private static final String RUN = "run";

  private HessianWriter() {}

  /**
   * Adds the nested class and its instance to {@code type} (the kernel class {@code self}) and the
   * two contract methods; {@code plan} is the product's plan, {@code parameterCount} the model's
   * (not the doubled layout's) number of parameter values.
   */
  static void write(MethodPlan plan, int parameterCount, boolean simd, JavaNames names, TypeSpec.Builder type,
      ClassName self, TypeName parameters) {
    JavaNames own = new JavaNames(plan.graph(), plan.layout());
    ClassFields fields = new ClassFields();
    TypeName gradients = ArrayTypeName.of(TypeName.DOUBLE);
    boolean f32 = parameters.equals(ArrayTypeName.of(TypeName.FLOAT));
    MethodSpec sum = MethodSpec.methodBuilder(SUM)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, own.param())
        .addParameter(parameters, own.data())
        .addParameter(TypeName.INT, own.from())
        .addParameter(TypeName.INT, own.to())
        .addParameter(gradients, own.gradient())
        .addCode(MethodWriter.write(plan, own, fields, simd, true))
        .build();
    String pv = own.paramsAndDirection();
    String gh = own.gradientAndProduct();
    String p = own.param();
    String v = own.direction();
    String g = own.gradient();
    String hv = own.hessianVector();
    int n = parameterCount;
    MethodSpec run = MethodSpec.methodBuilder(RUN)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, p)
        .addParameter(parameters, own.data())
        .addParameter(TypeName.INT, own.from())
        .addParameter(TypeName.INT, own.to())
        .addParameter(parameters, v)
        .addParameter(gradients, g)
        .addParameter(gradients, hv)
        .addStatement("$T.arraycopy($N, 0, $N, 0, $L)", System.class, p, pv, n)
        .addStatement("$T.arraycopy($N, 0, $N, $L, $L)", System.class, v, pv, n, n)
        .addStatement("$T.arraycopy($N, 0, $N, 0, $L)", System.class, g, gh, n)
        .addStatement("$T.arraycopy($N, 0, $N, $L, $L)", System.class, hv, gh, n, n)
        .addStatement("double $N = $N($N, $N, $N, $N, $N)", own.lossSum(), SUM, pv, own.data(), own.from(), own.to(),
            gh)
        .addStatement("$T.arraycopy($N, 0, $N, 0, $L)", System.class, gh, g, n)
        .addStatement("$T.arraycopy($N, $L, $N, 0, $L)", System.class, gh, n, hv, n)
        .addStatement("return $N", own.lossSum())
        .build();
    ClassName nested = self.nestedClass(names.hessianClass());
    TypeSpec.Builder holder = TypeSpec.classBuilder(nested)
        .addJavadoc("The loss, gradient and Hessian-vector product summed over rows [from, to).\n")
        .addModifiers(Modifier.STATIC, Modifier.FINAL)
        .addField(FieldSpec.builder(parameters, pv, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $L[$L]", f32 ? "float" : "double", 2 * n)
            .build())
        .addField(FieldSpec.builder(gradients, gh, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new double[$L]", 2 * n)
            .build());
    JavaEmitter.addFields(holder, own, fields);
    type.addType(holder.addMethod(sum).addMethod(run).build());
    String field = names.hessianField();
    type.addField(FieldSpec.builder(nested, field, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $T()", nested)
        .build());
    type.addMethod(MethodSpec.methodBuilder("hasHessianVectorProducts")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.BOOLEAN)
        .addStatement("return true")
        .build());
    type.addMethod(MethodSpec.methodBuilder("lossGradientAndHessianVector")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.from())
        .addParameter(TypeName.INT, names.to())
        .addParameter(parameters, names.direction())
        .addParameter(gradients, names.gradient())
        .addParameter(gradients, names.hessianVector())
        .addStatement("return $N.$N($N, $N, $N, $N, $N, $N, $N)", field, RUN, names.param(), names.data(),
            names.from(), names.to(), names.direction(), names.gradient(), names.hessianVector())
        .build());
  }
}
