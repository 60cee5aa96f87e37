package io.gradgen.check;

import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import java.util.LinkedHashMap;
import java.util.Map;

/** The names declared so far, in order: what each is, its shape, its node. */
final class Scope {
  enum Kind {
    PARAM,
    CONST,
    INPUT,
    TARGET,
    VALUE,
    /** A metric: reported, never read by an expression (a metric does not feed the loss or another metric). */
    METRIC
  }

  record Symbol(String name, Kind kind, Shape shape, int node, SourcePosition position) {}

  private final Map<String, Symbol> symbols = new LinkedHashMap<>();
  private final Map<String, SourcePosition> declaredLater = new LinkedHashMap<>();

  /** Names the file declares further down, so that a use before them can say so. */
  void expect(String name, SourcePosition position) {
    declaredLater.putIfAbsent(name, position);
  }

  void declare(Symbol symbol) {
    Symbol earlier = symbols.get(symbol.name());
    if (earlier != null) {
      throw new ModelException(symbol.position(), "'" + symbol.name() + "' is already declared at "
          + earlier.position().line() + ":" + earlier.position().column());
    }
    symbols.put(symbol.name(), symbol);
  }

  Symbol resolve(String name, SourcePosition position) {
    Symbol symbol = symbols.get(name);
    if (symbol == null && declaredLater.containsKey(name)) {
      SourcePosition later = declaredLater.get(name);
      throw new ModelException(position, "'" + name + "' is used before its declaration at "
          + later.line() + ":" + later.column());
    }
    if (symbol == null) {
      throw new ModelException(position, "unknown name '" + name + "'"
          + Suggestions.didYouMean(name, symbols.keySet()));
    }
    if (symbol.kind() == Kind.METRIC) {
      throw new ModelException(position, "'" + name + "' is a metric, which is reported, not a value an expression "
          + "can use: name its expression as a value and use that in both");
    }
    return symbol;
  }

}
