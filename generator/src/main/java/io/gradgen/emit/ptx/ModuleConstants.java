package io.gradgen.emit.ptx;

import io.gradgen.ir.Graph;
import java.util.Map;
import java.util.TreeMap;

/**
 * The constants a module's kernels read by a computed index, one {@code .const} array per constant
 * node, named {@code c} and the node's id. A constant read at a fixed index is an immediate
 * instead and needs no array.
 */
final class ModuleConstants {
  private final Graph graph;
  private final PtxType type;
  private final Map<Integer, String> used = new TreeMap<>();

  ModuleConstants(Graph graph, PtxType type) {
    this.graph = graph;
    this.type = type;
  }

  /** The symbol of constant node {@code id}'s array, declared in the module from now on. */
  String symbol(int id) {
    return used.computeIfAbsent(id, key -> "c" + key);
  }

  void declare(ModuleText module) {
    used.forEach((id, symbol) -> module.constant(symbol, type, graph.node(id).values().toArray()));
  }
}
