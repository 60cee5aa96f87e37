package io.gradgen.parse;

import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an expression back as model text: the expression half of {@link ModelPrinter}. Numbers
 * are printed as written, operators with a space either side, and parentheses only where the
 * grammar's precedence needs them, so that the text parses back to the same tree.
 *
 * <pre>
 * print(parse("((w @ x)) + (b)"))         → "w @ x + b"
 * print(parse("(-x)^2 - (a - b)"))        → "(-x) ^ 2 - (a - b)"
 * print(parse("2^-1 * m'[0, 1]"))         → "2 ^ -1 * m'[0, 1]"
 * print(parse("sum((A @ x - b)^2)"), 12)  → "sum((A @ x …"
 * parenthesized(parse("w @ x + c"))       → "(w @ x) + c"
 * </pre>
 *
 * <p>{@link #parenthesized} is the older form that error messages quote (every operand that is
 * itself an operation in parentheses); messages keep it so that none of them changes.
 *
 * <p>The length-limited forms stop writing once they have more than {@code maxChars} characters,
 * so that quoting a sub-expression of a 2,000-term model costs its first {@code maxChars}
 * characters, not the whole model; an {@link Abbreviator} also remembers what it printed, so that
 * quoting every sub-expression of a model costs time and memory in proportion to the model.
 */
public final class ExprPrinter {
  /** Precedence levels, loosest first, as {@code Model.g4} orders its alternatives. */
  private static final int COMPARISON = 0;
  private static final int ADDITIVE = 1;
  private static final int MULTIPLICATIVE = 2;
  private static final int NEGATION = 3;
  private static final int POWER = 4;
  private static final int POSTFIX = 5;
  private static final int ATOM = 6;

  private static final String ELLIPSIS = "…";

  private ExprPrinter() {}

  /** The whole expression, parenthesized only where precedence needs it. */
  public static String print(Expr expr) {
    Writer writer = new Writer(Integer.MAX_VALUE, false, null);
    writer.expr(expr);
    return writer.out.toString();
  }

  /**
   * As {@link #print(Expr)}, but at most {@code maxChars} characters: a longer text is cut to
   * {@code maxChars - 1} characters and {@code …}.
   */
  public static String print(Expr expr, int maxChars) {
    Writer writer = new Writer(requirePositive(maxChars), false, null);
    writer.expr(expr);
    return cut(writer.out, maxChars);
  }

  /**
   * Every operand that is itself an operation in parentheses, whatever the precedence: {@code (w @
   * x) + c}, {@code -(-x)}, {@code (a + b)'}. The form error messages quote.
   */
  public static String parenthesized(Expr expr) {
    Writer writer = new Writer(Integer.MAX_VALUE, true, null);
    writer.expr(expr);
    return writer.out.toString();
  }

  /** {@code text} if it has at most {@code maxChars} characters, else its start and {@code …}. */
  static String cut(CharSequence text, int maxChars) {
    if (text.length() <= maxChars) {
      return text.toString();
    }
    return text.subSequence(0, maxChars - 1) + ELLIPSIS;
  }

  private static int requirePositive(int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, not " + maxChars);
    }
    return maxChars;
  }

  /**
   * {@link ExprPrinter#print(Expr, int)} for many expressions that share sub-expressions, such as
   * every sub-expression of one model: the start of each expression it prints is kept (by
   * identity, since equal records hash by their whole tree) and reused by its parents, so each
   * print costs about {@code maxChars}, however deep the tree.
   *
   * <pre>
   * Abbreviator quote = new Abbreviator(60);
   * quote.print(loss);              // the loss, at most 60 characters
   * quote.print(loss.left());       // read from what the first call kept
   * </pre>
   */
  public static final class Abbreviator {
    private final int maxChars;
    /** The first {@code maxChars + 1} characters of each expression printed so far, or all. */
    private final Map<Expr, String> starts = new IdentityHashMap<>();

    public Abbreviator(int maxChars) {
      this.maxChars = requirePositive(maxChars);
    }

    public String print(Expr expr) {
      return cut(start(expr), maxChars);
    }

    private String start(Expr expr) {
      String known = starts.get(expr);
      if (known != null) {
        return known;
      }
      // Down the operands written first without recursion (the left side of a 2,000-term sum is
      // 2,000 deep), then back up, each start from its operands' kept ones.
      Deque<Expr> unknown = new ArrayDeque<>();
      for (Expr e = expr; e != null && !starts.containsKey(e); e = Writer.writtenFirst(e)) {
        unknown.push(e);
      }
      while (!unknown.isEmpty()) {
        Expr next = unknown.pop();
        Writer writer = new Writer(maxChars, false, this);
        writer.expr(next);
        StringBuilder out = writer.out;
        starts.put(next, out.length() > maxChars + 1 ? out.substring(0, maxChars + 1) : out.toString());
      }
      return starts.get(expr);
    }
  }

  /**
   * One printing: appends to {@code out} until it holds more than {@code limit} characters, then
   * ignores the rest. An expression is written in a loop down the operands written first ({@code
   * a} in {@code a + b}, {@code x} in {@code -x}, {@code m} in {@code m'} and {@code m[0]}), not
   * by recursion, since the left side of a 2,000-term sum is 2,000 deep: first what each writes
   * before that operand, then the innermost expression, then what each writes after it, back up.
   * With an {@link Abbreviator}, an operand is copied from the start it keeps for it instead.
   */
  private static final class Writer {
    final StringBuilder out = new StringBuilder();
    private final int limit;
    private final boolean parenthesizeOperations;
    private final Abbreviator known;

    Writer(int limit, boolean parenthesizeOperations, Abbreviator known) {
      this.limit = limit;
      this.parenthesizeOperations = parenthesizeOperations;
      this.known = known;
    }

    void expr(Expr expr) {
      List<Expr> spine = new ArrayList<>();
      Expr innermost = expr;
      while (known == null && writtenFirst(innermost) != null) {
        spine.add(innermost);
        innermost = writtenFirst(innermost);
      }
      for (int i = 0; i < spine.size() && !full(); i++) {
        before(spine.get(i));
      }
      one(innermost);
      for (int i = spine.size() - 1; i >= 0 && !full(); i--) {
        after(spine.get(i));
      }
    }

    /** The operand written first, or null for an expression that starts with its own token. */
    static Expr writtenFirst(Expr expr) {
      if (expr instanceof Binary binary) {
        return binary.left();
      }
      if (expr instanceof Unary unary) {
        return unary.operand();
      }
      if (expr instanceof Index index) {
        return index.target();
      }
      return expr instanceof Transpose transpose ? transpose.operand() : null;
    }

    /** One expression whose operands are written by {@link #child}. */
    private void one(Expr expr) {
      if (full()) {
        return;
      }
      Expr first = writtenFirst(expr);
      if (first != null) {
        before(expr);
        child(first);
        after(expr);
      } else if (expr instanceof NumberLit number) {
        append(number.text());
      } else if (expr instanceof NameRef name) {
        append(name.name());
      } else if (expr instanceof ArrayLit array) {
        append("[");
        for (int i = 0; i < array.elements().size() && !full(); i++) {
          append(i == 0 ? "" : ", ");
          child(array.elements().get(i));
        }
        append("]");
      } else {
        Call call = (Call) expr;
        append(call.function());
        append("(");
        for (int i = 0; i < call.arguments().size() && !full(); i++) {
          Argument argument = call.arguments().get(i);
          append(i == 0 ? "" : ", ");
          append(argument.name() == null ? "" : argument.name() + " = ");
          child(argument.value());
        }
        append(")");
      }
    }

    /** What {@code expr} writes before its first operand: {@code -}, and {@code (} if it needs them. */
    private void before(Expr expr) {
      append(expr instanceof Unary ? "-" : "");
      append(firstInParentheses(expr) ? "(" : "");
    }

    /** What {@code expr} writes after its first operand: {@code )} if needed, then the rest of it. */
    private void after(Expr expr) {
      append(firstInParentheses(expr) ? ")" : "");
      if (expr instanceof Binary binary) {
        append(" " + binary.operator().symbol() + " ");
        operand(binary.right(), rightLevel(binary));
      } else if (expr instanceof Index index) {
        append("[");
        for (int i = 0; i < index.indices().size() && !full(); i++) {
          append(i == 0 ? "" : ", ");
          child(index.indices().get(i));
        }
        append("]");
      } else if (expr instanceof Transpose) {
        append("'");
      }
    }

    /**
     * {@code + - * / @} associate to the left, so a right operand as loose as the operator needs
     * parentheses ({@code a - (b - c)}); {@code ^} associates to the right and takes a negation as
     * its exponent ({@code 2 ^ -1}), but a negated base needs them ({@code (-x) ^ 2}). A negation
     * takes a power ({@code -x ^ 2}); indexing and transposing take only atoms and each other.
     */
    private boolean firstInParentheses(Expr expr) {
      int loosest;
      if (expr instanceof Binary binary) {
        // A comparison's left operand is never a bare comparison: they do not chain.
        loosest = level(binary) == POWER ? POSTFIX : level(binary) == COMPARISON ? ADDITIVE : level(binary);
      } else if (expr instanceof Unary) {
        loosest = POWER;
      } else {
        loosest = POSTFIX;
      }
      return needsParentheses(writtenFirst(expr), loosest);
    }

    private static int rightLevel(Binary binary) {
      int level = level(binary);
      if (level == POWER) {
        return binary.right() instanceof Unary ? NEGATION : POWER;
      }
      return level + 1;
    }

    /** An operand that binds at least as tightly as {@code loosest} without parentheses. */
    private void operand(Expr operand, int loosest) {
      boolean parentheses = needsParentheses(operand, loosest);
      append(parentheses ? "(" : "");
      child(operand);
      append(parentheses ? ")" : "");
    }

    private boolean needsParentheses(Expr operand, int loosest) {
      return parenthesizeOperations
          ? operand instanceof Binary || operand instanceof Unary
          : level(operand) < loosest;
    }

    /** Arguments and array elements are written without parentheses, whatever they are. */
    private void child(Expr child) {
      if (known == null) {
        expr(child);
      } else {
        append(known.start(child));
      }
    }

    private boolean full() {
      return out.length() > limit;
    }

    private void append(String text) {
      if (!full()) {
        out.append(text);
      }
    }

    private static int level(Expr expr) {
      if (expr instanceof Binary binary) {
        if (binary.operator().isComparison()) {
          return COMPARISON;
        }
        switch (binary.operator()) {
          case ADD:
          case SUBTRACT:
            return ADDITIVE;
          case POWER:
            return POWER;
          default:
            return MULTIPLICATIVE;
        }
      }
      if (expr instanceof Unary) {
        return NEGATION;
      }
      if (expr instanceof Index || expr instanceof Transpose) {
        return POSTFIX;
      }
      return ATOM;
    }
  }
}
