package io.gradgen;

import com.palantir.javapoet.JavaFile;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.ModelClassEmitter;
import io.gradgen.parse.ast.DataFileDecl;
import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.ModelFile;
import java.nio.file.Path;
import java.util.List;
import javax.lang.model.SourceVersion;

/**
 * The two classes a model becomes for training without the generator: {@code NameKernel}, the
 * differentiated kernel ({@link io.gradgen.emit.java.JavaEmitter}), and {@code NameModel}, its
 * layout, train block, data path and kernel factory ({@link ModelClassEmitter}). Both depend on the
 * runtime jar alone.
 *
 * <p>{@link #of(ModelFile, Path, String, boolean)} is the one way to make them: {@code gradgen
 * generate}, the annotation processor and the Maven plugin all call it, so the same model gives the
 * same two files whichever way it was made. Nothing in them depends on where the model file was.
 *
 * <pre>
 * GeneratedSources sources = GeneratedSources.of(Path.of("crop-yield.model"), "com.example", false);
 * sources.kernel().qualifiedName();   // com.example.CropYieldKernel
 * sources.model().path();             // com/example/CropYieldModel.java
 * </pre>
 */
public record GeneratedSources(Source kernel, Source model) {

  /** One generated compilation unit: a public top-level class and its source text. */
  public record Source(String packageName, String simpleName, String text) {

    static Source of(JavaFile file) {
      return new Source(file.packageName(), file.typeSpec().name(), asciiOnly(file.toString()));
    }

    /**
     * The source with every non-ASCII character (a model's Unicode names) as a Java {@code \\uXXXX}
     * escape, so that javac reads the same program whatever its {@code -encoding}.
     */
    static String asciiOnly(String source) {
      StringBuilder ascii = null;
      for (int i = 0; i < source.length(); i++) {
        char c = source.charAt(i);
        if (c < 0x80) {
          if (ascii != null) {
            ascii.append(c);
          }
          continue;
        }
        if (ascii == null) {
          ascii = new StringBuilder(source.length() + 16).append(source, 0, i);
        }
        ascii.append(String.format("\\u%04x", (int) c));
      }
      return ascii == null ? source : ascii.toString();
    }

    /** {@code com.example.CropYieldKernel}. */
    public String qualifiedName() {
      return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    }

    /** {@code CropYieldKernel.java}. */
    public String fileName() {
      return simpleName + ".java";
    }

    /** {@code com/example/CropYieldKernel.java}: where the file goes under a source root. */
    public Path path() {
      Path file = Path.of(fileName());
      return packageName.isEmpty() ? file : Path.of(packageName.replace('.', '/')).resolve(file);
    }
  }

  /** Both classes, the kernel first. */
  public List<Source> files() {
    return List.of(kernel, model);
  }

  /** Reads, checks and generates the model file {@code modelFile}. */
  public static GeneratedSources of(Path modelFile, String packageName, boolean simd) {
    return of(Pipeline.parse(modelFile), modelFile, packageName, simd);
  }

  /**
   * Checks {@code parsed} (read from {@code source}; a model given as text names any path there)
   * and generates its two classes in {@code packageName}, the kernel with SIMD loops where {@code
   * simd}.
   *
   * @throws io.gradgen.parse.ModelException when the model has an error, positioned in its text
   * @throws IllegalArgumentException when {@code packageName} is not a Java package name
   */
  public static GeneratedSources of(ModelFile parsed, Path source, String packageName, boolean simd) {
    if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
      throw new IllegalArgumentException("'" + packageName + "' is not a Java package name");
    }
    CheckedModel checked = Pipeline.check(parsed, source);
    JavaFile kernel = Pipeline.emitJava(checked, checked.layout().precision(), packageName, simd);
    JavaFile model = ModelClassEmitter.emit(checked.layout(), checked.training(), declaredDataFile(parsed),
        packageName);
    return new GeneratedSources(Source.of(kernel), Source.of(model));
  }

  /** The {@code data} path as the model writes it (the checker allows one), or null. */
  private static String declaredDataFile(ModelFile parsed) {
    for (Declaration declaration : parsed.declarations()) {
      if (declaration instanceof DataFileDecl data) {
        return data.path();
      }
    }
    return null;
  }
}
