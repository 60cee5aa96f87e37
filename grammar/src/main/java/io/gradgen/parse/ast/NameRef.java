package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** A name: a declared tensor, or a bare word such as {@code zeros} or {@code full}. */
public record NameRef(SourcePosition position, String name) implements Expr {}
