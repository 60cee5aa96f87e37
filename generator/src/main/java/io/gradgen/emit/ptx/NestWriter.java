package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Shape;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Loop nests: each value is computed by one, written out with constant indices where the plan
 * unrolls it, else as rolled loops (a {@code .u32} counter per axis, the test at the bottom, since
 * every axis has at least one element); and the elementwise ops, one element at a time, into a
 * register (in locals) or the value's frame slot.
 *
 * <pre>
 * unrolled:  add.rn.f64 %fd9, %fd4, %fd7;   (h[0])   add.rn.f64 %fd10, %fd5, %fd8;   (h[1])
 * rolled:    mov.u32 %r7, 0;  $L_loop3:  … st.local.f64 [%rd9], %fd12;  add.u32 %r7, %r7, 1;
 *            setp.lt.u32 %p4, %r7, 64;  &#64;%p4 bra $L_loop3;
 * </pre>
 */
final class NestWriter {
  private record Loop(Reg counter, String head, int bound) {}

  private final KernelEmission out;
  private final Deque<Loop> loops = new ArrayDeque<>();

  NestWriter(KernelEmission out) {
    this.out = out;
  }

  /** An unary, binary or outer-product value, element by element. */
  void elementwise(int id) {
    Shape shape = out.graph.node(id).shape();
    if (out.storage.unrolled(id)) {
      for (int flat = 0; flat < shape.size(); flat++) {
        PIndex[] index = PIndex.unflatten(shape, flat);
        assign(id, index, out.reads.element(id, index));
      }
      return;
    }
    PIndex[] index = open(shape);
    assign(id, index, out.reads.element(id, index));
    close(shape);
  }

  /** Element {@code index} of value {@code id} is {@code value}: its register, or its frame slot. */
  void assign(int id, PIndex[] index, Operand value) {
    Shape shape = out.graph.node(id).shape();
    PIndex flat = PIndex.flatten(shape, index);
    if (out.storage.local(id)) {
      out.locals(id)[flat.value()] = out.asm.inReg(out.type, value);
    } else {
      out.asm.st(Space.LOCAL, out.type, out.frame(out.slot(id), flat, out.elementBytes()), value);
    }
  }

  /** Opens one loop per axis of {@code shape} and returns the index they run over. */
  PIndex[] open(Shape shape) {
    PIndex[] index = new PIndex[shape.rank()];
    for (int axis = 0; axis < shape.rank(); axis++) {
      index[axis] = PIndex.variable(open(shape.dim(axis)));
    }
    return index;
  }

  void close(Shape shape) {
    for (int axis = 0; axis < shape.rank(); axis++) {
      close();
    }
  }

  /** One loop of {@code bound} turns; its counter. */
  Reg open(int bound) {
    Reg counter = out.asm.mov(PtxType.U32, Imm.of(0));
    String head = out.asm.newLabel("loop");
    out.asm.place(head);
    loops.push(new Loop(counter, head, bound));
    return counter;
  }

  void close() {
    Loop loop = loops.pop();
    out.asm.add(PtxType.U32, loop.counter(), loop.counter(), Imm.of(1));
    Reg again = out.asm.setp(Cmp.LT, PtxType.U32, loop.counter(), Imm.of(loop.bound()));
    out.asm.when(again).bra(loop.head());
  }
}
