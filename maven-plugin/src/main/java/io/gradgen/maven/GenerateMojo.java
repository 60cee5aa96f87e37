package io.gradgen.maven;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code gradgen:generate}: every {@code src/main/model/**&#47;*.model} becomes {@code
 * <Model>Kernel} and {@code <Model>Model} in {@code packageName} under {@code
 * target/generated-sources/gradgen}, which becomes a compile source root. The classes are those
 * {@code gradgen generate} and the {@code @GradientModel} processor write, and depend on {@code
 * gradgen-runtime} alone. Unchanged models are not generated again, a removed model's classes are
 * deleted, and a model with an error fails the build with {@code FILE:LINE:COL: error: …}
 * ({@link ModelGeneration}).
 *
 * <pre>
 * &lt;plugin&gt;
 *   &lt;groupId&gt;io.gradgen&lt;/groupId&gt;
 *   &lt;artifactId&gt;gradgen-maven-plugin&lt;/artifactId&gt;
 *   &lt;version&gt;…&lt;/version&gt;
 *   &lt;executions&gt;&lt;execution&gt;&lt;goals&gt;&lt;goal&gt;generate&lt;/goal&gt;&lt;/goals&gt;&lt;/execution&gt;&lt;/executions&gt;
 *   &lt;configuration&gt;&lt;packageName&gt;com.example.models&lt;/packageName&gt;&lt;/configuration&gt;
 * &lt;/plugin&gt;
 * </pre>
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** The Java package of the generated classes. */
  @Parameter(property = "gradgen.packageName", defaultValue = "io.gradgen.generated")
  private String packageName;

  /** Where the models are: every file an include matches, in any folder below. */
  @Parameter(property = "gradgen.sourceDirectory", defaultValue = "${project.basedir}/src/main/model")
  private File sourceDirectory;

  /** The models to generate, as globs relative to {@code sourceDirectory}. */
  @Parameter(defaultValue = "**/*.model")
  private List<String> includes;

  /** Where the generated classes go, in package folders; added as a compile source root. */
  @Parameter(property = "gradgen.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/gradgen")
  private File outputDirectory;

  /**
   * Write the SIMD kernels (the JDK's Vector API): compiling and running them need {@code
   * --add-modules jdk.incubator.vector}. The same bits either way.
   */
  @Parameter(property = "gradgen.simd", defaultValue = "false")
  private boolean simd;

  /** Generate nothing (and add no source root). */
  @Parameter(property = "gradgen.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("gradgen: skipped");
      return;
    }
    if (!javax.lang.model.SourceVersion.isName(packageName)) {
      throw new MojoFailureException("gradgen: packageName '" + packageName + "' is not a Java package name");
    }
    ModelGeneration.Result result;
    try {
      result = new ModelGeneration(sourceDirectory.toPath(), includes, outputDirectory.toPath(), packageName, simd,
          plugin.getVersion()).run();
    } catch (IOException e) {
      throw new MojoExecutionException("gradgen: " + e.getMessage(), e);
    }
    for (String deleted : result.deleted()) {
      getLog().info("gradgen: deleted " + deleted + " (its model is gone)");
    }
    for (String error : result.errors()) {
      getLog().error(error);
    }
    if (!result.errors().isEmpty()) {
      String first = result.errors().get(0);
      throw new MojoFailureException(result.errors().size() == 1 ? first
          : first + " (and " + (result.errors().size() - 1) + " more errors above)");
    }
    getLog().info("gradgen: " + count(result.models().size(), "model") + " in " + sourceDirectory + ": "
        + result.generated().size() + " generated, " + result.upToDate().size() + " up to date");
    project.addCompileSourceRoot(outputDirectory.getPath());
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
