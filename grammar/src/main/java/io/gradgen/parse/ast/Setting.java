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
 * </pre>
 */
public record Setting(SourcePosition position, String key, List<Expr> values) {
  public Setting {
    values = List.copyOf(values);
  }
}
