package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code data "crop-yield.csv"}: the default data file, relative to the model file (unquoted). */
public record DataFileDecl(SourcePosition position, String path) implements Declaration {}
