package io.gradgen.cli;

import java.io.PrintStream;

/**
 * Erases the line a JVM prints on stderr before {@code main} when it resolves an incubator module
 * ({@code WARNING: Using incubator modules: jdk.incubator.vector}): the {@code gradgen} launcher
 * passes {@code -Dgradgen.banner=erase:COLUMNS} when stderr is a terminal of that width, and gradgen
 * moves the cursor up over the banner and clears it, so a run shows only its own output. Nothing
 * happens unless an incubator module is really in the boot layer (no banner, nothing to erase).
 *
 * <pre>
 * erase("erase:80", System.err)   // ESC[1A ESC[2K: up one line (the banner is 55 characters), clear it
 * erase("erase:30", System.err)   // up two lines, clearing each
 * </pre>
 */
final class LauncherBanner {
  /** What the JVM prints, before the module names. */
  static final String BANNER = "WARNING: Using incubator modules: ";

  private LauncherBanner() {}

  static void erase(String request, PrintStream err) {
    if (request == null || !request.startsWith("erase:")) {
      return;
    }
    String modules = incubatorModules();
    if (modules.isEmpty()) {
      return;
    }
    int columns;
    try {
      columns = Integer.parseInt(request.substring("erase:".length()));
    } catch (NumberFormatException e) {
      return;
    }
    err.print(sequence(BANNER.length() + modules.length(), columns));
    err.flush();
  }

  /** The escape sequence clearing the {@code length}-character banner on a terminal {@code columns} wide. */
  static String sequence(int length, int columns) {
    int lines = columns > 0 ? (length + columns - 1) / columns : 1;
    return "\u001b[1A\u001b[2K".repeat(Math.max(1, lines)) + "\r";
  }

  /** The incubator modules of the boot layer as the JVM's banner lists them ("a, b"), or "". */
  private static String incubatorModules() {
    return ModuleLayer.boot().modules().stream()
        .map(Module::getName)
        .filter(name -> name.startsWith("jdk.incubator."))
        .sorted()
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
