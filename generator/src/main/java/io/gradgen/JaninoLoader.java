package io.gradgen;

import io.gradgen.plan.MethodTooLarge;
import io.gradgen.runtime.Kernel;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.InternalCompilerException;
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
  /** Janino's message for a method past the JVM's 64 KB, and the method it names. */
  private static final String TOO_LARGE = "Code grows beyond 64 KB";
  private static final Pattern METHOD = Pattern.compile("Compiling \"(\\w+)\\(");

  private JaninoLoader() {}

  /** The method Janino found too large, where that is what {@code e} says. */
  private static Optional<MethodTooLarge> tooLarge(InternalCompilerException e) {
    String method = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      Matcher named = METHOD.matcher(message);
      if (method == null && named.find()) {
        method = named.group(1);
      }
      if (message.contains(TOO_LARGE)) {
        return Optional.of(MethodTooLarge.named(method == null ? "" : method));
      }
    }
    return Optional.empty();
  }

  /** Compiles {@code source} and returns a new instance of {@code className}, a kernel. */
  public static Kernel load(String className, String source) {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(JaninoLoader.class.getClassLoader());
    try {
      compiler.cook(source);
      Class<?> type = compiler.getClassLoader().loadClass(className);
      return (Kernel) type.getDeclaredConstructor().newInstance();
    } catch (InternalCompilerException e) {
      throw tooLarge(e).orElseThrow(() -> e);
    } catch (CompileException e) {
      throw new IllegalStateException("generated source for " + className + " does not compile: " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate generated " + className, e);
    }
  }
}
