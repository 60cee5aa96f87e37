package io.gradgen.emit.ptx;

import java.util.List;
import java.util.Map;

/**
 * A parsed PTX module, as {@link PtxInterpreter} runs it: the {@code .const} bank (its symbols'
 * offsets and initial bytes) and the entries, each with its parameters, block size, registers,
 * {@code .local} and {@code .shared} symbols and decoded instructions. Made by {@link PtxParser};
 * part of the test tree's reference interpreter, not of any backend.
 */
record PtxProgram(byte[] constBank, Map<String, Integer> constSymbols, Map<String, Entry> entries) {

  /** A kernel parameter: its symbol and its type ({@code u64}, {@code u32}, {@code f64}). */
  record Param(String symbol, Insn.Type type) {}

  /**
   * One entry: {@code registers} registers (every declared name numbered from 0, predicates
   * included), the per-thread {@code .local} bytes and the {@code .shared} bytes with their
   * symbols' offsets, the instructions with branch targets resolved to instruction indices.
   */
  record Entry(
      String name,
      List<Param> params,
      int threads,
      int registers,
      int localBytes,
      Map<String, Integer> localSymbols,
      int sharedBytes,
      Map<String, Integer> sharedSymbols,
      Insn[] code) {

    int param(String symbol) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i).symbol().equals(symbol)) {
          return i;
        }
      }
      return -1;
    }
  }

  Entry entry(String name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("the module has no entry " + name + "; it has " + entries.keySet());
    }
    return entry;
  }
}
