package io.gradgen;

import org.codehaus.commons.compiler.CompileException;
import io.gradgen.runtime.Kernel;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles generated kernel source in memory with Janino and instantiates it. Janino compiles a
 * small kernel in tens of milliseconds, where javac takes seconds to start.
 *
 * <pre>
 * DoubleKernel kernel = (DoubleKernel) JaninoLoader.load("io.gradgen.generated.CubicKernel", source);
 * </pre>
 */
public final class JaninoLoader {
  private JaninoLoader() {}

  /** Compiles {@code source} and returns a new instance of {@code className}, a kernel. */
  public static Kernel load(String className, String source) {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(JaninoLoader.class.getClassLoader());
    try {
      compiler.cook(source);
      Class<?> type = compiler.getClassLoader().loadClass(className);
      return (Kernel) type.getDeclaredConstructor().newInstance();
    } catch (CompileException e) {
      throw new IllegalStateException("generated source for " + className + " does not compile: " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate generated " + className, e);
    }
  }
}
