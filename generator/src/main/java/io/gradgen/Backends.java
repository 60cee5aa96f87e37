package io.gradgen;

import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedBackend;
import io.gradgen.runtime.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The backends of this build, and the one place a backend is chosen by name. The built-ins come
 * first ({@code java}, then {@code interpreted}); after them every {@link Backend} that {@link
 * ServiceLoader} finds on the class path, in the order it finds them (a module adds one by listing
 * its class in {@code META-INF/services/io.gradgen.Backend}).
 *
 * <pre>
 * Backends.installed().choices()                            // [java, interpreted, auto]
 * Backends.installed().choose("auto", checked, Precision.F64) // java: no GPU backend in this build
 * Backends.installed().choose("cuda", checked, Precision.F64) // Refusal NOT_IN_BUILD: "no CUDA GPU backend in this build"
 * Backends.installed().choose("gpu", checked, Precision.F64)  // Refusal UNKNOWN: "unknown backend 'gpu'; expected java, interpreted or auto"
 * </pre>
 *
 * <p>{@value #AUTO} is not a backend but a rule: the first {@linkplain Backend#accelerated()
 * accelerated} backend that is {@linkplain Backend#unavailable() available} on this machine and
 * {@linkplain Backend#gains gains} on the job, else {@code java}.
 */
public final class Backends {
  public static final String JAVA = "java";
  public static final String INTERPRETED = "interpreted";
  public static final String AUTO = "auto";

  /**
   * Backends this project has in modules of their own, which a build may leave out: name, and
   * what it runs on, for the message saying that this build lacks it.
   */
  private static final Map<String, String> OPTIONAL = Map.of("cuda", "CUDA GPU");

  private final List<Backend> all;

  private Backends(List<Backend> all) {
    this.all = List.copyOf(all);
  }

  /** The backends on this program's class path (found once). */
  public static Backends installed() {
    return Installed.BACKENDS;
  }

  /** The built-ins and the backends {@code loader} finds; a name given twice is an error. */
  public static Backends load(ClassLoader loader) {
    List<Backend> all = new ArrayList<>(List.of(new JavaBackend(), new InterpretedBackend()));
    for (Backend found : ServiceLoader.load(Backend.class, loader)) {
      String name = found.name();
      if (name.equals(AUTO)) {
        throw new IllegalStateException(found.getClass().getName() + " calls itself '" + AUTO
            + "', which is the rule that chooses a backend");
      }
      for (Backend known : all) {
        if (known.name().equals(name)) {
          throw new IllegalStateException("two backends are named '" + name + "': "
              + known.getClass().getName() + " and " + found.getClass().getName());
        }
      }
      all.add(found);
    }
    return new Backends(all);
  }

  /** Every backend, built-ins first. */
  public List<Backend> all() {
    return all;
  }

  /** What {@code --backend} accepts: every backend's name, then {@value #AUTO}. */
  public List<String> choices() {
    List<String> names = new ArrayList<>();
    for (Backend backend : all) {
      names.add(backend.name());
    }
    names.add(AUTO);
    return names;
  }

  public Optional<Backend> named(String name) {
    return all.stream().filter(backend -> backend.name().equals(name)).findFirst();
  }

  public Backend java() {
    return named(JAVA).orElseThrow();
  }

  public Backend interpreted() {
    return named(INTERPRETED).orElseThrow();
  }

  /**
   * The backend {@code name} stands for, to run {@code model} in {@code precision}: {@value
   * #AUTO} resolved by its rule, any other name only if the backend is in this build and can run
   * on this machine.
   *
   * @throws Refusal naming why not, and the choices this build has
   */
  public Backend choose(String name, CheckedModel model, Precision precision) {
    if (name.equals(AUTO)) {
      return auto(model, precision);
    }
    Optional<Backend> backend = named(name);
    if (backend.isEmpty()) {
      String optional = OPTIONAL.get(name);
      if (optional != null) {
        throw new Refusal(Refusal.Reason.NOT_IN_BUILD, "no " + optional + " backend in this build");
      }
      throw new Refusal(Refusal.Reason.UNKNOWN, "unknown backend '" + name + "'; expected " + listed(choices(), "or"));
    }
    if (backend.get().accelerated()) {
      model.requireNoMetrics("the " + name + " backend");
    }
    Optional<String> why = backend.get().unavailable();
    if (why.isPresent()) {
      throw new Refusal(Refusal.Reason.UNAVAILABLE, why.get());
    }
    return backend.get();
  }

  /**
   * The {@value #AUTO} rule: an available accelerated backend that gains on the job, else {@code
   * java}; always {@code java} for a model with metrics, which no accelerated backend computes.
   */
  Backend auto(CheckedModel model, Precision precision) {
    for (Backend backend : all) {
      if (model.metrics().isEmpty() && backend.accelerated() && backend.unavailable().isEmpty() && backend.gains(model, precision)) {
        return backend;
      }
    }
    return java();
  }

  /** "a", "a or b", "a, b or c". */
  private static String listed(List<String> names, String conjunction) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " " + names.get(names.size() - 1);
  }

  /** Why a name chose no backend. */
  public static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
      /** No backend of that name exists in this project: bad input. */
      UNKNOWN,
      /** A backend this project has, in a module this build leaves out. */
      NOT_IN_BUILD,
      /** The backend is here but cannot run on this machine (no GPU). */
      UNAVAILABLE
    }

    private final Reason reason;

    Refusal(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private static final class Installed {
    static final Backends BACKENDS = load(Backends.class.getClassLoader());
  }
}
