package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** One top-level statement of a model file. */
public sealed interface Declaration
    permits ParamDecl, ConstDecl, DataDecl, DataFileDecl, LetDecl, LossDecl, MetricDecl, TrainBlock {
  SourcePosition position();
}
