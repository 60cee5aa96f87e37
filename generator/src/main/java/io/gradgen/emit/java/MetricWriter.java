package io.gradgen.emit.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.gradgen.plan.MethodPlan;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a kernel's metrics: each metric's {@code loss}-style method (the metric's value summed
 * over rows {@code [from, to)}, scalar) in a nested class of its own, because each is planned on a
 * graph of its own and so names its values and fields apart from the kernel's; and the contract's
 * {@code metrics(p, d, row, values)}, which asks each for one row.
 *
 * <pre>
 * static final class Abs_errMetric {
 *   double sum(double[] p, double[] d, int from, int to) { … }
 * }
 * private final Abs_errMetric abs_errMetric = new Abs_errMetric();
 * public void metrics(double[] p, double[] d, int row, double[] values) {
 *   values[0] = abs_errMetric.sum(p, d, row, row + 1);
 * }
 * </pre>
 */
final class MetricWriter {
  /** The nested classes' one method; not a name from the model. */
  private static final String SUM = "sum";

  private MetricWriter() {}

  /**
   * Adds the metrics' nested classes and their instances to {@code type} (the kernel class {@code
   * self}) and returns the {@code metrics} method, or null for a model without metrics.
   */
  static MethodSpec write(List<MethodPlan> plans, JavaNames names, TypeSpec.Builder type, ClassName self,
      TypeName parameters) {
    if (plans.isEmpty()) {
      return null;
    }
    MethodSpec.Builder metrics = MethodSpec.methodBuilder("metrics")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(parameters, names.param())
        .addParameter(parameters, names.data())
        .addParameter(TypeName.INT, names.row())
        .addParameter(ArrayTypeName.of(TypeName.DOUBLE), names.metricValues());
    for (int index = 0; index < plans.size(); index++) {
      MethodPlan plan = plans.get(index);
      String metric = plan.layout().metrics().get(index);
      JavaNames own = new JavaNames(plan.graph(), plan.layout());
      ClassFields fields = new ClassFields();
      MethodSpec sum = MethodSpec.methodBuilder(SUM)
          .returns(TypeName.DOUBLE)
          .addParameter(parameters, own.param())
          .addParameter(parameters, own.data())
          .addParameter(TypeName.INT, own.from())
          .addParameter(TypeName.INT, own.to())
          .addCode(MethodWriter.write(plan, own, fields, false, true))
          .build();
      ClassName nested = self.nestedClass(names.metricClass(index, metric));
      TypeSpec.Builder holder = TypeSpec.classBuilder(nested)
          .addJavadoc("Metric $S: its value summed over rows [from, to).\n", metric)
          .addModifiers(Modifier.STATIC, Modifier.FINAL);
      JavaEmitter.addFields(holder, own, fields);
      type.addType(holder.addMethod(sum).build());
      String field = names.metricField(index, metric);
      type.addField(FieldSpec.builder(nested, field, Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new $T()", nested)
          .build());
      metrics.addStatement("$N[$L] = $N.$N($N, $N, $N, $N + 1)", names.metricValues(), index, field, SUM,
          names.param(), names.data(), names.row(), names.row());
    }
    return metrics.build();
  }
}
