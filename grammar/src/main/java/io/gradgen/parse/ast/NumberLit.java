package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/**
 * {@code 1e-5}, {@code 42}. {@code integer} is true when the text has no '.', no exponent: such a
 * literal may be a size, an index or an exponent that is expanded to multiplications.
 */
public record NumberLit(SourcePosition position, double value, String text, boolean integer)
    implements Expr {}
