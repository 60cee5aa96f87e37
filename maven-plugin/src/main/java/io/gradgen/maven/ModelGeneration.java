package io.gradgen.maven;

import io.gradgen.GeneratedSources;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import io.gradgen.runtime.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code gradgen:generate} does, without Maven: every model under a source folder becomes its
 * {@code NameKernel} and {@code NameModel} ({@link GeneratedSources}, as {@code gradgen generate}
 * and the annotation processor make them) under an output folder, in package folders.
 *
 * <ul>
 *   <li>A model whose two classes are there, no older than it, from the same settings, is left
 *       alone.
 *   <li>A model that is gone, or was renamed, has its old classes deleted: a state file in the
 *       output folder, {@value #STATE_FILE}, records which classes each model became. Nothing else
 *       in the output folder is touched.
 *   <li>A model with an error is reported as {@code FILE:LINE:COL: error: …}; the others are still
 *       generated, and {@link Result#errors()} lists every error.
 * </ul>
 *
 * <pre>
 * Result result = new ModelGeneration(Path.of("src/main/model"), List.of("**&#47;*.model"),
 *     Path.of("target/generated-sources/gradgen"), "com.example", false, "0.1.0").run();
 * result.generated();   // [crop-yield.model]; a second run: []
 * </pre>
 */
final class ModelGeneration {
  static final String STATE_FILE = ".gradgen-outputs";
  private static final String HEADER =
      "# gradgen-maven-plugin: the classes each model became (the plugin deletes those of a model that is gone)";

  private final Path sourceDirectory;
  private final List<PathMatcher> includes = new ArrayList<>();
  private final Path outputDirectory;
  private final String packageName;
  private final boolean simd;
  private final String settings;

  /**
   * @param includes globs relative to {@code sourceDirectory}, as Maven writes them: {@code
   *     **&#47;*.model} also matches a model directly in it
   * @param version the generator's version: another version regenerates every model
   */
  ModelGeneration(Path sourceDirectory, List<String> includes, Path outputDirectory, String packageName,
      boolean simd, String version) {
    this.sourceDirectory = sourceDirectory;
    for (String include : includes) {
      this.includes.add(FileSystems.getDefault().getPathMatcher("glob:" + include));
      if (include.startsWith("**/")) {
        this.includes.add(FileSystems.getDefault().getPathMatcher("glob:" + include.substring(3)));
      }
    }
    this.outputDirectory = outputDirectory;
    this.packageName = packageName;
    this.simd = simd;
    this.settings = "settings\t" + packageName + "\t" + simd + "\t" + version;
  }

  /**
   * What a run did: the models found, those generated and those already up to date (paths relative
   * to the source folder, {@code /}-separated), the classes deleted (relative to the output
   * folder), and the errors, each one line.
   */
  record Result(List<String> models, List<String> generated, List<String> upToDate, List<String> deleted,
      List<String> errors) {}

  Result run() throws IOException {
    State before = readState();
    Map<String, List<String>> after = new LinkedHashMap<>();
    List<String> models = models();
    List<String> generated = new ArrayList<>();
    List<String> upToDate = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, String> owners = new LinkedHashMap<>();
    for (String model : models) {
      Path file = sourceDirectory.resolve(model);
      List<String> outputs = before.outputsIfCurrent(model);
      if (outputs != null && isUpToDate(file, outputs)) {
        upToDate.add(model);
      } else {
        try {
          outputs = write(file);
          generated.add(model);
        } catch (ModelException e) {
          errors.add(e.format());
          continue;
        }
      }
      for (String output : outputs) {
        String other = owners.putIfAbsent(output, model);
        if (other != null) {
          errors.add(new ModelException(SourcePosition.of(file.toString()), "this model's class " + output
              + " is also generated from " + sourceDirectory.resolve(other) + "; give the models different names")
              .format());
          break;
        }
      }
      after.put(model, outputs);
    }
    List<String> deleted = deleteStale(before, after);
    writeState(after);
    return new Result(models, generated, upToDate, deleted, errors);
  }

  /** The models under the source folder that an include matches, sorted. */
  private List<String> models() throws IOException {
    if (!Files.isDirectory(sourceDirectory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(sourceDirectory)) {
      return files.filter(Files::isRegularFile)
          .map(sourceDirectory::relativize)
          .filter(relative -> includes.stream().anyMatch(include -> include.matches(relative)))
          .map(relative -> relative.toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private boolean isUpToDate(Path model, List<String> outputs) throws IOException {
    FileTime modelTime = Files.getLastModifiedTime(model);
    for (String output : outputs) {
      Path file = outputDirectory.resolve(output);
      if (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).compareTo(modelTime) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Generates one model's classes; returns their paths under the output folder. */
  private List<String> write(Path model) throws IOException {
    GeneratedSources sources = GeneratedSources.of(model, packageName, simd);
    List<String> outputs = new ArrayList<>();
    for (GeneratedSources.Source source : sources.files()) {
      Path file = outputDirectory.resolve(source.path());
      Files.createDirectories(file.getParent());
      AtomicFile.write(file, source.text());
      outputs.add(source.path().toString().replace('\\', '/'));
    }
    return outputs;
  }

  /** Deletes what the last run generated and this one did not. */
  private List<String> deleteStale(State before, Map<String, List<String>> after) throws IOException {
    Set<String> kept = new LinkedHashSet<>();
    after.values().forEach(kept::addAll);
    List<String> deleted = new ArrayList<>();
    for (List<String> outputs : before.outputs().values()) {
      for (String output : outputs) {
        if (!kept.contains(output) && Files.deleteIfExists(outputDirectory.resolve(output))) {
          deleted.add(output);
        }
      }
    }
    return deleted;
  }

  /**
   * What the last run recorded: each model's classes, and whether it ran with these settings (if
   * not, every model is generated again, and the old classes that are not made again are deleted).
   */
  private record State(Map<String, List<String>> outputs, boolean current) {
    static final State NONE = new State(Map.of(), false);

    List<String> outputsIfCurrent(String model) {
      return current ? outputs.get(model) : null;
    }
  }

  private State readState() throws IOException {
    Path state = outputDirectory.resolve(STATE_FILE);
    if (!Files.isRegularFile(state)) {
      return State.NONE;
    }
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    boolean current = false;
    for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t");
      if (line.startsWith("settings\t")) {
        current = line.equals(settings);
      } else if (fields[0].equals("model") && fields.length > 2) {
        outputs.put(fields[1], List.of(fields).subList(2, fields.length));
      }
    }
    return new State(outputs, current);
  }

  /** Records {@code outputs}; an unchanged record is not rewritten. */
  private void writeState(Map<String, List<String>> outputs) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n').append(settings).append('\n');
    outputs.forEach((model, files) -> text.append("model\t").append(model).append('\t')
        .append(String.join("\t", files)).append('\n'));
    Path state = outputDirectory.resolve(STATE_FILE);
    if (Files.isRegularFile(state) && Files.readString(state, StandardCharsets.UTF_8).contentEquals(text)) {
      return;
    }
    Files.createDirectories(outputDirectory);
    AtomicFile.write(state, text.toString());
  }
}
