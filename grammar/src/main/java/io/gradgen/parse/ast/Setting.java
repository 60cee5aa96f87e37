package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/**
 * One setting of a {@code train} block, as written. {@code key} is the keyword; {@code values} are
 * the words after it, each a {@link NumberLit}, a {@link NameRef} or a {@link Call}:
 *
 * <pre>
 * optimizer adam(lr = 0.01)   → ("optimizer", [Call adam(lr = 0.01)])
 * batch full                  → ("batch", [NameRef full])
 * batch 32                    → ("batch", [NumberLit 32])
 * shuffle                     → ("shuffle", [])
 * shuffle seed 7              → ("shuffle", [NameRef seed, NumberLit 7])
 * stop patience 5             → ("stop", [NameRef patience, NumberLit 5])
 * schedule step(10, 0.5)      → ("schedule", [Call step(10, 0.5)])
 * schedule constant           → ("schedule", [NameRef constant])
 * schedule warmup(5) then cosine(50)
 *                             → ("schedule", [Call warmup(5), NameRef then, Call cosine(50)])
 * </pre>
 *
 * <p>{@code options} are what follows a comma, as a call's arguments: only {@code stop} has them.
 * {@code stop patience 5, min_delta = 0.01, restore_best} → ("stop", [NameRef patience, NumberLit
 * 5], [Argument min_delta = 0.01, Argument (positional) NameRef restore_best]).
 */
public record Setting(SourcePosition position, String key, List<Expr> values, List<Argument> options) {
  public Setting {
    values = List.copyOf(values);
    options = List.copyOf(options);
  }

  /** A setting without options. */
  public Setting(SourcePosition position, String key, List<Expr> values) {
    this(position, key, values, List.of());
  }
}
