package io.gradgen.plan;

/**
 * The planner's refusal of a model whose method, in the plan with the least code, is still more
 * than its target can compile at all: for Java, the JVM's 64 KB of bytecode in one method, which a
 * loss of several thousand scalar terms, or a chain of some hundreds of {@code ^}, passes. {@link
 * io.gradgen.Pipeline} turns it into a {@code ModelException} at the model's loss. Janino's own
 * refusal, should a method the planner let through be too large all the same, is turned into this
 * too ({@code JaninoLoader}).
 */
public final class MethodTooLarge extends RuntimeException {
  private final Method method;

  public MethodTooLarge(Method method) {
    super("its " + method.javaName() + " method would be larger than the JVM allows one method (64 KB of bytecode)");
    this.method = method;
  }

  /** The method whose Java name is {@code javaName}: {@code lossAndGradient}, {@code loss} … */
  public static MethodTooLarge named(String javaName) {
    for (Method method : Method.values()) {
      if (method.javaName().equals(javaName)) {
        return new MethodTooLarge(method);
      }
    }
    return new MethodTooLarge(Method.LOSS_AND_GRADIENT);
  }

  public Method method() {
    return method;
  }
}
