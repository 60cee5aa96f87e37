package io.gradgen.check;

import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A call's arguments matched to a {@link Builtins.Builtin}'s parameters, by position or by name,
 * each given once. Positional arguments come first; a name must be one of the parameters.
 *
 * <pre>
 * huber(yhat, y, delta = 0.5)   →  tensor(0) lowers yhat, tensor(1) lowers y, number(2) is 0.5
 * huber(yhat, y)                →  number(2) is delta's default, 1
 * mse(yhat)                     →  tensor(1): "mse needs argument 'b' in 'mse(yhat)'"
 * </pre>
 *
 * <p>An argument is lowered when the built-in's lowering asks for it, in the order it asks, so
 * that the nodes of a call come out in the same order whatever the order of its arguments.
 * Initialisers bind their arguments by {@link #initialiser}, whose rules (and messages) are
 * older: there a positional argument may follow a named one.
 */
final class Arguments {
  private final Call call;
  private final Builtins.Builtin builtin;
  private final ToIntFunction<Expr> lowering;
  private final List<Argument> positional = new ArrayList<>();
  private final Map<String, Argument> named = new LinkedHashMap<>();

  /** Checks that {@code call}'s arguments fit {@code builtin}; {@code lowering} lowers one. */
  Arguments(Call call, Builtins.Builtin builtin, ToIntFunction<Expr> lowering) {
    this.call = call;
    this.builtin = builtin;
    this.lowering = lowering;
    for (Argument argument : call.arguments()) {
      if (argument.name() == null) {
        if (!named.isEmpty()) {
          throw new ModelException(argument.position(), "a positional argument cannot follow a named one in '"
              + ExprPrinter.parenthesized(call) + "'");
        }
        positional.add(argument);
      } else if (named.put(argument.name(), argument) != null) {
        throw new ModelException(argument.position(), "argument '" + argument.name() + "' is given twice");
      }
    }
    List<String> accepted = builtin.parameterNames();
    if (positional.size() > accepted.size()) {
      throw new ModelException(call.position(), call.function() + " takes " + accepted.size()
          + " argument" + (accepted.size() == 1 ? "" : "s") + ", not " + call.arguments().size()
          + " in '" + ExprPrinter.parenthesized(call) + "'");
    }
    for (Argument argument : named.values()) {
      int slot = accepted.indexOf(argument.name());
      if (slot < 0) {
        throw new ModelException(argument.position(), call.function() + " has no argument '"
            + argument.name() + "'" + Suggestions.didYouMean(argument.name(), accepted));
      }
      if (slot < positional.size()) {
        throw new ModelException(argument.position(), "argument '" + argument.name() + "' is given twice");
      }
    }
  }

  /** The call, for the lowering's own checks. */
  Call call() {
    return call;
  }

  /** Parameter {@code slot} lowered to a node; an error if the call does not give it. */
  int tensor(int slot) {
    Argument argument = find(slot);
    if (argument == null) {
      throw new ModelException(call.position(), call.function() + " needs argument '"
          + builtin.parameters().get(slot).name() + "' in '" + ExprPrinter.parenthesized(call) + "'");
    }
    return lowering.applyAsInt(argument.value());
  }

  /** Whether the call gives parameter {@code slot}, by position or by name. */
  boolean given(int slot) {
    return find(slot) != null;
  }

  /** Parameter {@code slot} as a number literal, or its default when the call does not give it. */
  double number(int slot) {
    Builtins.Parameter parameter = builtin.parameters().get(slot);
    Argument argument = find(slot);
    if (argument != null) {
      return Literals.number(argument.value(), parameter.name());
    }
    if (parameter.fallback() == null) {
      throw new IllegalStateException(builtin.name() + "'s " + parameter.name() + " has no default");
    }
    return parameter.fallback();
  }

  /** Parameter {@code slot}, an integer literal such as an {@code axis}; the call must give it. */
  int integer(int slot) {
    Argument argument = find(slot);
    String name = builtin.parameters().get(slot).name();
    double value = Literals.number(argument.value(), name);
    if (value != Math.rint(value) || Math.abs(value) > 1e9) {
      throw new ModelException(argument.value().position(), name + " must be an integer, not " + value);
    }
    return (int) value;
  }

  /** Parameter {@code slot}, {@code true} or {@code false}; {@code fallback} when not given. */
  boolean flag(int slot, boolean fallback) {
    Argument argument = find(slot);
    if (argument == null) {
      return fallback;
    }
    if (argument.value() instanceof io.gradgen.parse.ast.NameRef name
        && (name.name().equals("true") || name.name().equals("false"))) {
      return name.name().equals("true");
    }
    throw new ModelException(argument.value().position(), builtin.parameters().get(slot).name()
        + " must be true or false, not '" + ExprPrinter.parenthesized(argument.value()) + "'");
  }

  /** {@code MESSAGE in 'CALL'}, at the call. */
  ModelException error(String message) {
    return ExpressionLowering.error(call, message);
  }

  private Argument find(int slot) {
    return slot < positional.size() ? positional.get(slot) : named.get(builtin.parameters().get(slot).name());
  }

  /**
   * An initialiser's arguments by parameter name, in the order given: {@code randn(42, std = 0.1)}
   * → {seed: 42, std: 0.1}. The n-th argument, named or not, takes the n-th parameter unless it
   * names another; {@code randn(1, 2, 3)} has no argument {@code #3}.
   */
  static Map<String, Expr> initialiser(Call call, Builtins.Builtin builtin) {
    List<String> order = builtin.parameterNames();
    Map<String, Expr> arguments = new LinkedHashMap<>();
    int position = 0;
    for (Argument argument : call.arguments()) {
      String name = argument.name() != null ? argument.name() : position < order.size() ? order.get(position) : null;
      position++;
      if (name == null || !order.contains(name)) {
        throw new ModelException(argument.position(), call.function() + " has no argument '"
            + (argument.name() == null ? "#" + position : argument.name()) + "'"
            + (argument.name() == null ? "" : Suggestions.didYouMean(argument.name(), order)));
      }
      if (arguments.put(name, argument.value()) != null) {
        throw new ModelException(argument.position(), "argument '" + name + "' is given twice");
      }
    }
    return arguments;
  }
}
