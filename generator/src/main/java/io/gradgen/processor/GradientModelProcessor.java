package io.gradgen.processor;

import io.gradgen.GeneratedSources;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.runtime.GradientModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * javac's way into gradgen: for each interface or abstract class {@code Name} annotated with
 * {@link GradientModel}, writes {@code NameKernel} and {@code NameModel} into its package, through
 * {@link GeneratedSources} exactly as {@code gradgen generate} writes them.
 *
 * <pre>
 * &#64;GradientModel("""
 *     model Cubic
 *     param a = 5
 *     param b = 6
 *     loss a^3 - b^2
 *     """)
 * interface Cubic {}          // javac -processorpath gradgen-generator.jar … → CubicKernel, CubicModel
 * </pre>
 *
 * <p>Found through {@code META-INF/services/javax.annotation.processing.Processor}. Isolating, as
 * Gradle counts it: every decision is made from the annotated type alone (its annotation, its name,
 * its package) and each generated file has that type as its one originating element. A model with
 * an error is one javac error at the annotation's value, quoting the model's {@code LINE:COL} and
 * gradgen's message ({@code Cubic:4:6: error: unknown name 'c'}); nothing is generated for it. A
 * {@code value} model's positions name the annotated type; a {@code file} model's name the file as
 * written.
 */
public final class GradientModelProcessor extends AbstractProcessor {
  private static final String ANNOTATION = GradientModel.class.getCanonicalName();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(GradientModel.class)) {
      if (element instanceof TypeElement type) {
        generate(type);
      }
    }
    return true;
  }

  private void generate(TypeElement type) {
    AnnotationMirror mirror = mirror(type);
    GradientModel annotation = type.getAnnotation(GradientModel.class);
    boolean hasValue = !annotation.value().isEmpty();
    boolean hasFile = !annotation.file().isEmpty();
    AnnotationValue at = value(mirror, hasFile ? "file" : "value");
    if (!(type.getKind() == ElementKind.INTERFACE
        || type.getKind() == ElementKind.CLASS && type.getModifiers().contains(Modifier.ABSTRACT))) {
      error("@GradientModel goes on an interface or an abstract class", type, mirror, null);
      return;
    }
    if (hasValue == hasFile) {
      error("@GradientModel needs either the model's text (value) or a .model file (file), not "
          + (hasValue ? "both" : "neither"), type, mirror, at);
      return;
    }
    String name = type.getSimpleName().toString();
    String packageName = packageOf(type).getQualifiedName().toString();
    Filer filer = processingEnv.getFiler();
    try {
      ModelFile parsed;
      if (hasValue) {
        parsed = ModelReader.parse(annotation.value(), name);
      } else {
        String text = ModelResources.read(filer, packageName, annotation.file());
        parsed = ModelReader.parse(text.startsWith("\uFEFF") ? text.substring(1) : text, annotation.file());
      }
      if (!JavaEmitter.className(parsed.name()).equals(name + "Kernel")) {
        error("the model is named " + parsed.name() + " but the annotated type " + name + "; write 'model " + name
            + "' (the generated classes are " + name + "Kernel and " + name + "Model)", type, mirror, at);
        return;
      }
      GeneratedSources sources = GeneratedSources.of(parsed, Path.of(hasFile ? annotation.file() : name),
          packageName, false);
      for (GeneratedSources.Source source : sources.files()) {
        JavaFileObject file = filer.createSourceFile(source.qualifiedName(), type);
        try (Writer writer = file.openWriter()) {
          writer.write(source.text());
        }
      }
    } catch (ModelException e) {
      error(e.format(), type, mirror, at);
    } catch (ModelResources.NotFound e) {
      error(e.getMessage(), type, mirror, at);
    } catch (IOException e) {
      error("cannot write the classes for model " + name + ": " + e.getMessage(), type, mirror, at);
    }
  }

  private void error(String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
    Messager messager = processingEnv.getMessager();
    if (value != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror, value);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror);
    }
  }

  private static AnnotationMirror mirror(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION)) {
        return mirror;
      }
    }
    throw new IllegalStateException(type + " has no @GradientModel");
  }

  /** The annotation's {@code value} or {@code file} as written, for placing an error; null if not written. */
  private static AnnotationValue value(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
        : mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static PackageElement packageOf(Element element) {
    Element enclosing = element;
    while (!(enclosing instanceof PackageElement)) {
      enclosing = enclosing.getEnclosingElement();
    }
    return (PackageElement) enclosing;
  }
}
