package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Origin;
import io.gradgen.plan.MethodPlan;
import io.gradgen.plan.StoragePlan;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row kernel being written, shared by the writers that write it ({@link RowKernelWriter},
 * {@link NestWriter}, {@link SumWriter}, {@link GradientWriter}): the plan it follows, the entry and
 * its instructions, the kernel's type, the registers holding each value the plan keeps in locals,
 * the offsets in the per-thread {@code .local} frame of the values it keeps in arrays, and where the
 * params and the current row are.
 *
 * <p>The plan's {@link StoragePlan} decides as it does for Java: a value in locals is one register an
 * element, written by unrolled code with constant indices; any other computed value lives in the
 * frame, one slot an element, read and written by rolled loops. Params stay in the params array
 * (global memory) unless in locals; a row's inputs and targets are read where the row is (a
 * shared-memory tile, or global memory).
 */
final class KernelEmission {
  final MethodPlan plan;
  final Graph graph;
  final StoragePlan storage;
  final ModelLayout layout;
  final PtxType type;
  final Entry entry;
  final Asm asm;
  final ScalarOps ops;
  final ModuleConstants constants;
  final ValueReader reads;
  private final Map<Integer, Reg[]> locals = new HashMap<>();
  private final Map<Object, Integer> slots = new LinkedHashMap<>();
  private int frameBytes;
  private final int prologue;
  private Reg frameBase;
  private final Map<Integer, Reg> constantBases = new HashMap<>();
  /** The params array (global, 64-bit address). */
  Reg params;
  /** Where the current row's values start, and in which state space. */
  Reg row;
  Space rowSpace;
  private Origin written;

  KernelEmission(MethodPlan plan, Entry entry, ModuleConstants constants, int prologue) {
    this.plan = plan;
    this.graph = plan.graph();
    this.storage = plan.storage();
    this.layout = plan.layout();
    this.type = PtxType.of(layout.precision());
    this.entry = entry;
    this.asm = entry.asm();
    this.ops = new ScalarOps(asm, type);
    this.constants = constants;
    this.prologue = prologue;
    this.reads = new ValueReader(this);
  }

  int elementBytes() {
    return type.bytes();
  }

  // Comments.

  /** The code from now on computes node {@code id}: a comment quoting where it comes from in the model, once. */
  void from(int id) {
    Origin origin = graph.provenance().origin(id).orElse(null);
    if (origin != null && !Objects.equals(origin, written)) {
      asm.comment(origin.describe() + "  (" + origin.where() + ")");
    }
    written = origin;
  }

  void section(String comment) {
    written = null;
    asm.comment(comment);
  }

  // Locals.

  Reg[] locals(int id) {
    return locals.computeIfAbsent(id, key -> new Reg[graph.node(key).shape().size()]);
  }

  Reg local(int id, int flat) {
    Reg reg = locals(id)[flat];
    if (reg == null) {
      throw new IllegalStateException("%" + id + "[" + flat + "] is read before it is computed");
    }
    return reg;
  }

  // The frame.

  /** The byte offset in the frame of value {@code id}'s elements (in the kernel's type). */
  int slot(int id) {
    return slot(id, graph.node(id).shape().size() * elementBytes());
  }

  /**
   * The byte offset in the frame of the thread's sums, f64, as a block's row of partials lays them
   * out: the loss, then every parameter's gradient in layout order.
   */
  int sums() {
    return slot(SUMS, sumsWidth() * 8);
  }

  /** How many sums a thread keeps: the loss, and for a method that trains every parameter's gradient. */
  int sumsWidth() {
    return plan.method().trains() ? 1 + layout.parameterCount() : 1;
  }

  /** The byte offset in the frame of the f64 gradient sum of param {@code param}, within {@link #sums}. */
  int accumulator(ParamSlot param) {
    return sums() + 8 * (1 + param.offset());
  }

  private static final Object SUMS = new Object();

  private int slot(Object key, int bytes) {
    Integer offset = slots.get(key);
    if (offset == null) {
      offset = frameBytes;
      slots.put(key, offset);
      frameBytes += (bytes + 7) / 8 * 8;
      entry.frameBytes(frameBytes);
    }
    return offset;
  }

  /** The frame's address in a register, for computed indices (made in the prologue on first use). */
  Reg frameBase() {
    if (frameBase == null) {
      frameBase = asm.reg(PtxType.U64);
      asm.insert(prologue, "mov.u64", frameBase, new Imm(Entry.FRAME));
    }
    return frameBase;
  }

  /** A constant array's address in a register (made in the prologue on first use). */
  Reg constantBase(int id) {
    return constantBases.computeIfAbsent(id, key -> {
      Reg base = asm.reg(PtxType.U64);
      asm.insert(prologue, "mov.u64", base, new Imm(constants.symbol(key)));
      return base;
    });
  }

  /**
   * The address of element {@code index} (in elements of {@code bytes}) from {@code base}, plus
   * {@code offset} bytes: the index's loop counters scaled and added to the base by one {@code mad},
   * its constant part and the offset an immediate offset.
   */
  Address address(Reg base, boolean wide, PIndex index, int bytes, int offset) {
    long fixed = (long) index.constant() * bytes + offset;
    if (index.isConstant()) {
      return new Address(base, fixed);
    }
    Operand variable = index.plus(-index.constant()).in(asm, 1, 0);
    Reg at = wide ? asm.madWide(variable, Imm.of(bytes), base) : asm.mad(PtxType.U32, variable, Imm.of(bytes), base);
    return new Address(at, fixed);
  }

  /** Element {@code flat} (an index in the kernel's type) of the frame slot at {@code offset}. */
  Address frame(int offset, PIndex flat, int bytes) {
    if (flat.isConstant()) {
      return new Address(Entry.FRAME, offset + (long) flat.value() * bytes);
    }
    return address(frameBase(), true, flat, bytes, offset);
  }

  int paramOffset(String name) {
    return layout.paramOffset(name);
  }

  int dataOffset(String name) {
    return layout.dataOffset(name);
  }
}
