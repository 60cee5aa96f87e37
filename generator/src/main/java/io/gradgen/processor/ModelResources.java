package io.gradgen.processor;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * Finds the text of a {@code @GradientModel(file = …)} model through the {@link Filer}, as {@code
 * Class.getResource} resolves a name: {@code crop.model} in the annotated type's package, {@code
 * /models/crop.model} from the root. It looks on the source path, in the class output (where Maven
 * has copied {@code src/main/resources} before compiling), on the class path, and last in the
 * {@code src/main/resources} of the project whose class output this is (Gradle does not put
 * resources on the compile class path).
 *
 * <pre>
 * ModelResources.read(filer, "com.example", "crop.model");   // com/example/crop.model
 * ModelResources.read(filer, "com.example", "/crop.model");  // crop.model
 * </pre>
 */
final class ModelResources {
  private static final List<JavaFileManager.Location> LOCATIONS = List.of(
      StandardLocation.SOURCE_PATH, StandardLocation.CLASS_OUTPUT, StandardLocation.CLASS_PATH);

  /** How far above the class output to look for {@code src/main/resources}: Gradle's build/classes/java/main is 4. */
  private static final int PROJECT_DEPTH = 5;

  private ModelResources() {}

  /** A model file that is nowhere the processor looks. */
  static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message, null, false, false);
    }
  }

  static String read(Filer filer, String packageName, String file) throws NotFound {
    boolean absolute = file.startsWith("/");
    String pkg = absolute ? "" : packageName;
    String relative = absolute ? file.substring(1) : file;
    for (JavaFileManager.Location location : LOCATIONS) {
      try {
        return filer.getResource(location, pkg, relative).getCharContent(true).toString();
      } catch (IOException | IllegalArgumentException | IllegalStateException e) {
        // not there (or no such location in this compilation): look further
      }
    }
    Path inResources = inProjectResources(filer, pkg, relative);
    if (inResources != null) {
      try {
        return Files.readString(inResources, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new NotFound("cannot read model file " + inResources + ": " + e.getMessage());
      }
    }
    String where = pkg.isEmpty() ? relative : pkg.replace('.', '/') + "/" + relative;
    throw new NotFound("cannot find model file '" + file + "' (as " + where
        + ") on the source path, the class path or in src/main/resources");
  }

  /** {@code PROJECT/src/main/resources/PKG/RELATIVE} for the nearest project above the class output, or null. */
  private static Path inProjectResources(Filer filer, String pkg, String relative) {
    Path output;
    try {
      FileObject probe = filer.getResource(StandardLocation.CLASS_OUTPUT, "", "gradgen-model-probe");
      URI uri = probe.toUri();
      if (!"file".equals(uri.getScheme())) {
        return null;
      }
      output = Path.of(uri).getParent();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return null;
    }
    Path inPackage = Path.of(pkg.isEmpty() ? "." : pkg.replace('.', '/')).resolve(relative);
    Path folder = output;
    for (int up = 0; up <= PROJECT_DEPTH && folder != null; up++, folder = folder.getParent()) {
      Path resources = folder.resolve("src/main/resources");
      if (Files.isDirectory(resources)) {
        Path candidate = resources.resolve(inPackage).normalize();
        return Files.isRegularFile(candidate) ? candidate : null;
      }
    }
    return null;
  }
}
