package io.gradgen.optimize;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;

/**
 * One simplification rule: given a node whose operands are already in {@code graph}, return the id
 * of an equivalent, simpler value (built in {@code graph}), or -1 to leave the node as it is.
 */
@FunctionalInterface
interface Rewrite {
  int apply(GraphBuilder graph, Node node);
}
