package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Node;
import io.gradgen.ir.Shape;
import io.gradgen.plan.Method;
import io.gradgen.plan.MethodPlan;
import io.gradgen.runtime.ParamSlot;

/**
 * Writes the row kernels of a plan: {@code loss_grad} and {@code loss}, which leave each block's
 * summed loss (and gradient) in its row of {@code partials}, and {@code predict}, which writes each
 * row's output. The values of params alone are computed first, by every thread; then each thread
 * takes rows in a grid-stride loop (straight from global memory) or, with a {@link RowTiling} tile,
 * its block copies tiles of consecutive rows into shared memory and each thread computes one row of
 * the tile; a thread sums its rows' losses and gradients in f64 ({@link GradientWriter}); at the
 * end the block sums them ({@link BlockSum}) and thread 0 writes the block's row of partials: the
 * loss, then every parameter's gradient in layout order (0 for a param the loss does not depend
 * on). {@code reduce} ({@link HostKernels}) adds the blocks' rows in block order.
 *
 * <pre>
 * loss_grad(params, data, from, to, partials)     partials[block · (1 + P) + e]
 * loss(params, data, from, to, partials)          partials[block]
 * predict(params, data, from, to, out)            out[(row − from) · outputSize + k], f64
 * </pre>
 *
 * A model without inputs has one row, computed by thread 0 of block 0 when {@code from < to}.
 */
final class RowKernelWriter {
  private final KernelEmission out;
  private final RowTiling tiling;
  private final NestWriter nests;
  private final SumWriter sums;
  private final GradientWriter gradients;
  private final Method method;
  private Reg tid;
  private Reg gtid;
  private Reg from;
  private Reg to;
  private Reg result;
  private Reg data;
  private Reg lossSum;
  /** The shared array of the tile of rows, which the block's sums reuse afterwards. */
  private final String tileSymbol = "tile";

  private RowKernelWriter(KernelEmission out, RowTiling tiling) {
    this.out = out;
    this.tiling = tiling;
    this.method = out.plan.method();
    this.nests = new NestWriter(out);
    this.sums = new SumWriter(out, nests);
    this.gradients = new GradientWriter(out, nests);
  }

  /** The entry named {@code name} for {@code plan}'s method. */
  static Entry write(MethodPlan plan, String name, RowTiling tiling, ModuleConstants constants) {
    Entry entry = new Entry(name, tiling.threads());
    String params = entry.param("params", PtxType.U64);
    String data = entry.param("data", PtxType.U64);
    String from = entry.param("from", PtxType.U32);
    String to = entry.param("to", PtxType.U32);
    String result = entry.param(plan.method() == Method.PREDICT ? "out" : "partials", PtxType.U64);
    Asm asm = entry.asm();
    Reg paramsReg = global(asm, params);
    Reg dataReg = global(asm, data);
    Reg fromReg = asm.ld(Space.PARAM, PtxType.U32, new Address(from, 0));
    Reg toReg = asm.ld(Space.PARAM, PtxType.U32, new Address(to, 0));
    Reg resultReg = global(asm, result);
    KernelEmission out = new KernelEmission(plan, entry, constants, asm.mark());
    out.params = paramsReg;
    RowKernelWriter writer = new RowKernelWriter(out, tiling);
    writer.data = dataReg;
    writer.from = fromReg;
    writer.to = toReg;
    writer.result = resultReg;
    writer.write();
    return entry;
  }

  private static Reg global(Asm asm, String symbol) {
    Reg generic = asm.ld(Space.PARAM, PtxType.U64, new Address(symbol, 0));
    Reg address = asm.reg(PtxType.U64);
    asm.cvtaGlobal(address, generic);
    return address;
  }

  private void write() {
    Asm asm = out.asm;
    tid = asm.mov(PtxType.U32, new Imm("%tid.x"));
    Reg block = asm.mov(PtxType.U32, new Imm("%ctaid.x"));
    Reg blocks = asm.mov(PtxType.U32, new Imm("%nctaid.x"));
    gtid = asm.mad(PtxType.U32, block, Imm.of(tiling.threads()), tid);
    Reg threads = asm.mul(PtxType.U32, blocks, Imm.of(tiling.threads()));
    boolean sumsRows = method != Method.PREDICT;
    if (sumsRows) {
      lossSum = asm.mov(PtxType.F64, new Real(PtxType.F64, 0.0));
      if (method.trains()) {
        gradients.declare();
      }
    }
    computeAll(false);
    if (!out.plan.hasRows()) {
      Reg first = asm.andPred(asm.setp(Cmp.EQ, PtxType.U32, gtid, Imm.of(0)),
          asm.setp(Cmp.LT, PtxType.U32, from, to));
      String skip = asm.newLabel("norow");
      asm.unless(first).bra(skip);
      rowBody(null);
      asm.place(skip);
    } else if (tiling.tiled() && sumsRows) {
      tiledRows(block, blocks);
    } else {
      directRows(threads);
    }
    if (sumsRows) {
      writePartials(block);
    }
    asm.ret();
  }

  /** Rows {@code from + gtid, from + gtid + threads, …} below {@code to}, each read where it is. */
  private void directRows(Reg threads) {
    Asm asm = out.asm;
    Reg row = asm.add(PtxType.U32, from, gtid);
    String done = asm.newLabel("rowsdone");
    String next = asm.newLabel("row");
    asm.when(asm.setp(Cmp.GE, PtxType.U32, row, to)).bra(done);
    asm.place(next);
    out.section("row");
    out.row = asm.madWide(row, Imm.of((long) out.layout.rowWidth() * out.elementBytes()), data);
    out.rowSpace = Space.GLOBAL;
    rowBody(row);
    asm.add(PtxType.U32, row, row, threads);
    asm.when(asm.setp(Cmp.LT, PtxType.U32, row, to)).bra(next);
    asm.place(done);
  }

  /**
   * Tiles {@code block, block + blocks, …}: the tile's rows copied into shared memory by all the
   * block's threads (consecutive threads, consecutive addresses), a barrier, thread {@code t}
   * computing row {@code t} of the tile, a barrier before the next tile overwrites it.
   */
  private void tiledRows(Reg block, Reg blocks) {
    Asm asm = out.asm;
    int rows = tiling.tileRows();
    int width = out.layout.rowWidth();
    int bytes = out.elementBytes();
    out.entry.shared(tileSymbol, rows * width * bytes);
    Reg tileBase = asm.mov(PtxType.U32, new Imm(tileSymbol));
    Reg count = asm.sub(PtxType.U32, to, from);
    Reg tile = asm.mov(PtxType.U32, block);
    Reg start = asm.mul(PtxType.U32, tile, Imm.of(rows));
    String done = asm.newLabel("tilesdone");
    String next = asm.newLabel("tile");
    asm.when(asm.setp(Cmp.GE, PtxType.U32, start, count)).bra(done);
    asm.place(next);
    out.section("a tile of rows into shared memory");
    Reg here = asm.min(PtxType.U32, asm.sub(PtxType.U32, count, start), Imm.of(rows));
    Reg elements = asm.mul(PtxType.U32, here, Imm.of(width));
    Reg first = asm.madWide(asm.add(PtxType.U32, from, start), Imm.of((long) width * bytes), data);
    Reg source = asm.madWide(tid, Imm.of(bytes), first);
    Reg target = asm.mad(PtxType.U32, tid, Imm.of(bytes), tileBase);
    for (int j = 0; j < width; j++) {
      Reg inside = asm.setp(Cmp.LT, PtxType.U32, asm.add(PtxType.U32, tid, Imm.of((long) j * rows)), elements);
      Reg value = asm.reg(out.type);
      asm.when(inside).ld(Space.GLOBAL, out.type, value, new Address(source, (long) j * rows * bytes));
      asm.when(inside).st(Space.SHARED, out.type, new Address(target, (long) j * rows * bytes), value);
    }
    asm.bar();
    String skip = asm.newLabel("tilerowdone");
    asm.when(asm.setp(Cmp.GE, PtxType.U32, tid, here)).bra(skip);
    out.section("row");
    out.row = asm.mad(PtxType.U32, tid, Imm.of((long) width * bytes), tileBase);
    out.rowSpace = Space.SHARED;
    rowBody(null);
    asm.place(skip);
    asm.bar();
    asm.add(PtxType.U32, tile, tile, blocks);
    asm.mov(PtxType.U32, start, asm.mul(PtxType.U32, tile, Imm.of(rows)));
    asm.when(asm.setp(Cmp.LT, PtxType.U32, start, count)).bra(next);
    asm.place(done);
  }

  /** One row: its values, then its loss and gradient added to the thread's sums, or its output written. */
  private void rowBody(Reg row) {
    computeAll(true);
    if (method == Method.PREDICT) {
      writeOutput(row);
      return;
    }
    out.section("the row's loss and gradient into the thread's sums");
    out.asm.add(PtxType.F64, lossSum, lossSum, out.ops.widen(out.reads.read(out.graph.loss())));
    if (method.trains()) {
      gradients.accumulate();
    }
  }

  /** Every value the plan computes before the rows ({@code perRow} false) or for each row. */
  private void computeAll(boolean perRow) {
    for (int id = 0; id < out.graph.size(); id++) {
      if (out.storage.live(id) && out.storage.perRow(id) == perRow && !out.plan.inlined(id)) {
        compute(id);
      }
    }
  }

  private void compute(int id) {
    Node node = out.graph.node(id);
    switch (node.op()) {
      case PARAM, INPUT -> {
        if (out.storage.local(id)) {
          out.from(id);
          Reg[] registers = out.locals(id);
          for (int flat = 0; flat < registers.length; flat++) {
            registers[flat] = out.asm.ld(out.reads.spaceOf(id), out.type, out.reads.arrayElement(id, PIndex.of(flat)));
          }
        }
      }
      case CONSTANT, BROADCAST, TRANSPOSE, INDEX, INDEX_ADJOINT, ONE_HOT -> {
        // Literals and views: read where they are used.
      }
      case SUM -> {
        out.from(id);
        sums.reduce(id, false);
      }
      case NORM -> {
        out.from(id);
        sums.reduce(id, true);
      }
      case MATMUL -> {
        out.from(id);
        sums.matmul(id);
      }
      case LOGSUMEXP -> {
        out.from(id);
        sums.logsumexp(id);
      }
      default -> {
        out.from(id);
        nests.elementwise(id);
      }
    }
  }

  /** predict: the row's output into {@code out[(row − from) · size …]}, as f64. */
  private void writeOutput(Reg row) {
    Asm asm = out.asm;
    int output = out.graph.output();
    Shape shape = out.graph.node(output).shape();
    out.section("the row's output");
    Reg position = row == null ? asm.mov(PtxType.U32, Imm.of(0)) : asm.sub(PtxType.U32, row, from);
    Reg base = asm.madWide(position, Imm.of(shape.size() * 8L), result);
    if (out.storage.unrolled(output) || shape.size() <= out.plan.budget()) {
      for (int flat = 0; flat < shape.size(); flat++) {
        Operand value = out.ops.widen(out.reads.read(output, PIndex.unflatten(shape, flat)));
        asm.st(Space.GLOBAL, PtxType.F64, new Address(base, flat * 8L), value);
      }
      return;
    }
    PIndex[] index = nests.open(shape);
    Operand value = out.ops.widen(out.reads.read(output, index));
    asm.st(Space.GLOBAL, PtxType.F64, out.address(base, true, PIndex.flatten(shape, index), 8, 0), value);
    nests.close(shape);
  }

  /**
   * The block's loss and gradient sums into its row of partials: the thread's sums gathered in its
   * frame (the loss and the gradients summed in registers stored there, 0 for a param the loss does
   * not depend on, the large gradients already there), then summed over the block by {@link
   * PartialsWriter}.
   */
  private void writePartials(Reg block) {
    Asm asm = out.asm;
    out.section("the block's sums into its row of partials");
    Reg row = asm.madWide(block, Imm.of(out.sumsWidth() * 8L), result);
    int sums = out.sums();
    asm.st(Space.LOCAL, PtxType.F64, out.frame(sums, PIndex.of(0), 8), lossSum);
    if (method.trains()) {
      for (ParamSlot slot : out.layout.params()) {
        Reg[] registers = gradients.registers(slot);
        boolean trained = gradients.trained(slot);
        if (trained && registers == null) {
          continue;
        }
        for (int flat = 0; flat < slot.size(); flat++) {
          Operand value = trained ? registers[flat] : new Real(PtxType.F64, 0.0);
          asm.st(Space.LOCAL, PtxType.F64, out.frame(out.accumulator(slot), PIndex.of(flat), 8), value);
        }
      }
    }
    String stage = out.entry.shared(tileSymbol, PartialsWriter.sharedBytes(tiling.threads()));
    new PartialsWriter(out, nests).write(tid, row, stage);
  }
}
