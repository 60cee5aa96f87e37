package io.gradgen.plan;

/**
 * How large a method written from a plan would be, in whatever the target limits: for the Java
 * backend, HotSpot compiles no method of more than 8,000 bytes of bytecode, so a body over that
 * would run interpreted, several times slower. The planner asks before settling on a plan; the
 * target answers by writing the method (see {@code io.gradgen.emit.java.JavaEmitter#sizer}).
 */
public interface MethodSizer {
  /** Whether the method written from {@code plan} is small enough. */
  boolean fits(MethodPlan plan);

  /**
   * Whether the method written from {@code plan} can be compiled at all, however slowly it runs:
   * asked of the plan with the least code, which the planner refuses with {@link MethodTooLarge}
   * where the answer is no.
   */
  default boolean compiles(MethodPlan plan) {
    return true;
  }

  /** For a target with no size limit. */
  MethodSizer ANY = plan -> true;
}
