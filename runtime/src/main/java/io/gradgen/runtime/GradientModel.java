package io.gradgen.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates a model's kernel when the project compiles. Placed on an interface (or abstract class)
 * {@code Name}, gradgen's annotation processor (in {@code gradgen-generator}, on the processor path)
 * writes two classes into the same package, which depend on this runtime alone: {@code NameKernel},
 * the differentiated kernel, exactly as {@code gradgen generate} writes it, and {@code NameModel},
 * a {@link io.gradgen.runtime.train.GeneratedModel} with the model's layout, its {@code train}
 * block and a factory for the kernel.
 *
 * <pre>
 * &#64;GradientModel("""
 *     model Cubic
 *     param a = 5
 *     param b = 6
 *     loss a^3 - b^2
 *     """)
 * interface Cubic {}
 *
 * double[] gradient = new double[2];
 * new CubicKernel().lossAndGradient(new double[] {5, 6}, new double[0], 0, 1, gradient);   // [75.0, -12.0]
 * </pre>
 *
 * <p>Give either {@link #value} or {@link #file}. The model's {@code model} line must name the
 * annotated type ({@code model Cubic} on {@code Cubic}). A model with an error is a compile error
 * at the annotation, quoting the model's {@code LINE:COL} and the message {@code gradgen} gives,
 * and nothing is generated for it.
 *
 * <p>Class retention, so that Gradle may process the annotated type incrementally; nothing reads
 * the annotation at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GradientModel {

  /** The model's text, usually a text block; positions in errors count from its first line. */
  String value() default "";

  /**
   * A {@code .model} file instead of {@link #value}, found as {@code Class.getResource} would find
   * it: relative to the annotated type's package, or from the root with a leading {@code /}, on the
   * source path, the class path or in {@code src/main/resources}.
   */
  String file() default "";
}
