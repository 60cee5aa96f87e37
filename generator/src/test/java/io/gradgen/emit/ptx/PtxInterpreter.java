package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Insn.Operand;
import io.gradgen.emit.ptx.Insn.Type;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A reference interpreter for exactly the subset of PTX that gradgen emits ({@link PtxParser} lists
 * it), written from NVIDIA's PTX ISA document. <b>It is a test tool, not a backend</b>: it exists so
 * that every build runs the emitted kernels of every sample and corpus model, without a GPU, and
 * compares them with the Java kernel; nothing in the product uses it.
 *
 * <p>A launch runs a grid of blocks one block after another; a block's threads are warps of 32 run
 * in lockstep: each round, every lane of a warp that can run executes one instruction (lanes at
 * different instructions after a divergent branch advance independently, as on sm_70 and later). A
 * lane that reaches {@code shfl.sync} waits until all 32 lanes of its warp are at that same
 * instruction, then the shuffle takes place at once; a thread that reaches {@code bar.sync} waits
 * until every thread of the block is there. Registers hold raw bits; floating-point instructions
 * are Java's IEEE operations, which round to nearest even as {@code .rn} does ({@code fma} is
 * {@link Math#fma}, one rounding); subnormals are kept, as without {@code .ftz}.
 *
 * <p>It checks what a GPU would not: every global, shared, local and constant access is in bounds
 * and aligned; a thread may not read or overwrite shared memory another thread wrote since the last
 * barrier (nor write what another read), nor read or overwrite global memory another thread wrote
 * during the launch; a {@code shfl.sync} must find its whole warp at the same instruction; a
 * barrier must find no thread already exited; every block must finish. Any of these, and any
 * instruction outside the subset, is a {@link PtxException}.
 *
 * <pre>
 * PtxInterpreter gpu = new PtxInterpreter(PtxParser.parse(module.text()), memory);
 * gpu.launch("loss_grad", 2, params, data, 0, rows, partials);
 * </pre>
 */
final class PtxInterpreter {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int RUN = 0;
  private static final int SHFL = 1;
  private static final int BAR = 2;
  private static final int EXIT = 3;
  private static final long STEP_LIMIT = 2_000_000_000L;

  private final PtxProgram program;
  private final DeviceMemory memory;
  private long executed;

  PtxInterpreter(PtxProgram program, DeviceMemory memory) {
    this.program = program;
    this.memory = memory;
  }

  /** Instructions executed so far, over all threads and launches. */
  long executed() {
    return executed;
  }

  /** Runs entry {@code name} on {@code blocks} blocks of its {@code .reqntid} threads; {@code args} are the parameters' bits. */
  void launch(String name, int blocks, long... args) {
    PtxProgram.Entry entry = program.entry(name);
    if (args.length != entry.params().size()) {
      throw new PtxException(name + " takes " + entry.params().size() + " parameters, not " + args.length);
    }
    if (blocks < 1) {
      throw new PtxException("a grid of " + blocks + " blocks");
    }
    Launch launch = new Launch(entry, blocks, args);
    for (int block = 0; block < blocks; block++) {
      launch.run(block);
    }
  }

  /** One launch: its entry, grid and arguments, and the global words its threads have written. */
  private final class Launch {
    final PtxProgram.Entry entry;
    final Insn[] code;
    final int blocks;
    final long[] args;
    final int threads;
    final Map<Long, Integer> globalWriters = new HashMap<>();
    // The block being run.
    long[][] regs;
    int[] pc;
    int[] state;
    byte[][] local;
    byte[] shared;
    int[] sharedWriter;
    int[] sharedWriteEpoch;
    int[] sharedReader;
    int[] sharedReadEpoch;
    int epoch;
    int block;

    Launch(PtxProgram.Entry entry, int blocks, long[] args) {
      this.entry = entry;
      this.code = entry.code();
      this.blocks = blocks;
      this.args = args;
      this.threads = entry.threads();
    }

    void run(int block) {
      this.block = block;
      regs = new long[threads][entry.registers()];
      pc = new int[threads];
      state = new int[threads];
      local = new byte[threads][];
      for (int t = 0; t < threads; t++) {
        local[t] = new byte[entry.localBytes()];
        Arrays.fill(local[t], (byte) 0xCD);
      }
      shared = new byte[entry.sharedBytes()];
      Arrays.fill(shared, (byte) 0xCD);
      int words = (entry.sharedBytes() + 3) / 4;
      sharedWriter = new int[words];
      sharedWriteEpoch = new int[words];
      sharedReader = new int[words];
      sharedReadEpoch = new int[words];
      Arrays.fill(sharedWriteEpoch, -1);
      Arrays.fill(sharedReadEpoch, -1);
      epoch = 0;
      int warps = threads / 32;
      while (true) {
        boolean progress = false;
        for (int warp = 0; warp < warps; warp++) {
          progress |= runWarp(warp);
        }
        if (progress) {
          continue;
        }
        int waiting = 0;
        int exited = 0;
        for (int t = 0; t < threads; t++) {
          waiting += state[t] == BAR ? 1 : 0;
          exited += state[t] == EXIT ? 1 : 0;
        }
        if (exited == threads) {
          return;
        }
        if (waiting > 0 && exited > 0) {
          throw new PtxException(entry.name() + ", block " + block + ": bar.sync reached by " + waiting
              + " threads while " + exited + " have exited");
        }
        if (waiting != threads) {
          throw new PtxException(entry.name() + ", block " + block + ": deadlock");
        }
        epoch++;
        for (int t = 0; t < threads; t++) {
          state[t] = RUN;
          pc[t]++;
        }
      }
    }

    /** Runs warp {@code warp} in lockstep until no lane can run; then its shuffle, if all lanes wait at one. */
    private boolean runWarp(int warp) {
      boolean progress = false;
      int first = warp * 32;
      while (true) {
        boolean ran = false;
        for (int t = first; t < first + 32; t++) {
          if (state[t] == RUN) {
            step(t);
            ran = true;
          }
        }
        if (ran) {
          progress = true;
          continue;
        }
        int atShuffle = 0;
        for (int t = first; t < first + 32; t++) {
          atShuffle += state[t] == SHFL ? 1 : 0;
        }
        if (atShuffle == 0) {
          return progress;
        }
        if (atShuffle != 32) {
          throw new PtxException(entry.name() + ": shfl.sync at " + code[pc[first]] + " reached by " + atShuffle
              + " of the 32 lanes of warp " + warp + " (the others are elsewhere)");
        }
        for (int t = first; t < first + 32; t++) {
          if (pc[t] != pc[first]) {
            throw new PtxException(entry.name() + ": the lanes of warp " + warp + " wait at different shfl.sync");
          }
        }
        shuffle(first);
        progress = true;
      }
    }

    /** {@code shfl.sync.down.b32 d, a, b, c, mask} for a whole warp: lane j = lane + b where j ≤ maxLane, else its own. */
    private void shuffle(int first) {
      Insn insn = code[pc[first]];
      long[] values = new long[32];
      for (int lane = 0; lane < 32; lane++) {
        values[lane] = value(first + lane, insn.operands[1]) & 0xffffffffL;
      }
      for (int lane = 0; lane < 32; lane++) {
        int t = first + lane;
        long mask = value(t, insn.operands[4]) & 0xffffffffL;
        if (mask != 0xffffffffL) {
          throw new PtxException(insn + ": a member mask other than the whole warp");
        }
        int b = (int) (value(t, insn.operands[2]) & 31);
        long c = value(t, insn.operands[3]);
        int clamp = (int) (c & 31);
        int segmask = (int) ((c >> 8) & 31);
        int maxLane = (lane & segmask) | (clamp & ~segmask);
        int j = lane + b;
        regs[t][insn.operands[0].reg()] = j <= maxLane ? values[j] : values[lane];
        pc[t]++;
        state[t] = RUN;
      }
    }

    // One instruction of one thread.

    private void step(int t) {
      if (++executed > STEP_LIMIT) {
        throw new PtxException("more than " + STEP_LIMIT + " instructions: a kernel that does not finish?");
      }
      if (pc[t] >= code.length) {
        throw new PtxException(entry.name() + ": thread " + t + " ran past the last instruction without ret");
      }
      Insn insn = code[pc[t]];
      long[] r = regs[t];
      if (insn.guard >= 0 && (r[insn.guard] != 0) == insn.guardNegated) {
        pc[t]++;
        return;
      }
      Operand[] o = insn.operands;
      switch (insn.op) {
        case BRA -> {
          pc[t] = insn.target;
          return;
        }
        case RET -> {
          state[t] = EXIT;
          return;
        }
        case BAR -> {
          state[t] = BAR;
          return;
        }
        case SHFL -> {
          state[t] = SHFL;
          return;
        }
        case LD -> r[o[0].reg()] = load(t, insn, o[1]);
        case ST -> store(t, insn, o[0], value(t, o[1]));
        case MOV_SPLIT -> {
          long x = value(t, o[1]);
          r[o[0].reg()] = x & 0xffffffffL;
          r[(int) o[0].bits()] = x >>> 32;
        }
        case MOV_JOIN -> r[o[0].reg()] = (r[o[1].reg()] & 0xffffffffL) | (r[(int) o[1].bits()] << 32);
        default -> r[o[0].reg()] = Semantics.compute(insn, this, t);
      }
      pc[t]++;
    }

    /** The bits of operand {@code o} for thread {@code t}: a register, an immediate, a special register, a symbol's address. */
    long value(int t, Operand o) {
      return switch (o.kind()) {
        case REG -> regs[t][o.reg()];
        case IMM -> o.bits();
        case SPECIAL -> switch (o.text()) {
          case "%tid.x" -> t;
          case "%ntid.x" -> threads;
          case "%ctaid.x" -> block;
          case "%nctaid.x" -> blocks;
          default -> throw new PtxException("special register " + o.text());
        };
        case ADDRESS_SYMBOL -> symbolAddress(o.text());
        default -> throw new PtxException("cannot read operand " + o.text());
      };
    }

    private long symbolAddress(String symbol) {
      Integer offset = entry.sharedSymbols().get(symbol);
      if (offset == null) {
        offset = entry.localSymbols().get(symbol);
      }
      if (offset == null) {
        offset = program.constSymbols().get(symbol);
      }
      if (offset == null) {
        throw new PtxException(entry.name() + ": no symbol " + symbol);
      }
      return offset;
    }

    private long address(int t, Operand o) {
      long base = o.kind() == Operand.Kind.ADDRESS_REG ? regs[t][o.reg()] : symbolAddress(o.text());
      return base + o.offset();
    }

    private long load(int t, Insn insn, Operand where) {
      int bytes = insn.type.bytes;
      switch (insn.space) {
        case PARAM: {
          int index = entry.param(where.text());
          if (index < 0 || where.offset() != 0) {
            throw new PtxException(insn + ": no parameter " + where.text());
          }
          if (entry.params().get(index).type() != insn.type) {
            throw new PtxException(insn + ": parameter " + where.text() + " is ." + entry.params().get(index).type());
          }
          return args[index];
        }
        case GLOBAL: {
          long address = address(t, where);
          Integer writer = globalWriters.get(address >> 2);
          int me = block * threads + t;
          if (writer != null && writer != me) {
            throw new PtxException(insn + ": thread " + me + " reads global 0x" + Long.toHexString(address)
                + ", written by thread " + writer + " in the same launch");
          }
          return extend(insn.type, memory.load(address, bytes));
        }
        case SHARED:
          return extend(insn.type, sharedAccess(t, insn, address(t, where), false, 0));
        case LOCAL:
          return extend(insn.type, bytes(local[t], address(t, where), bytes, insn, "local"));
        case CONST:
          return extend(insn.type, bytes(program.constBank(), address(t, where), bytes, insn, "const"));
        default:
          throw new PtxException(insn + ": cannot load");
      }
    }

    private void store(int t, Insn insn, Operand where, long bits) {
      int bytes = insn.type.bytes;
      long address = address(t, where);
      switch (insn.space) {
        case GLOBAL -> {
          int me = block * threads + t;
          for (long word = address >> 2; word < (address + bytes) >> 2; word++) {
            Integer writer = globalWriters.put(word, me);
            if (writer != null && writer != me) {
              throw new PtxException(insn + ": threads " + writer + " and " + me + " both write global 0x"
                  + Long.toHexString(word << 2) + " in one launch");
            }
          }
          memory.store(address, bytes, bits);
        }
        case SHARED -> sharedAccess(t, insn, address, true, bits);
        case LOCAL -> {
          check(local[t].length, address, bytes, insn, "local");
          put(local[t], (int) address, bytes, bits);
        }
        default -> throw new PtxException(insn + ": cannot store");
      }
    }

    private long sharedAccess(int t, Insn insn, long address, boolean write, long bits) {
      int bytes = insn.type.bytes;
      check(shared.length, address, bytes, insn, "shared");
      for (int word = (int) (address >> 2); word < (int) ((address + bytes) >> 2); word++) {
        if (sharedWriteEpoch[word] == epoch && sharedWriter[word] != t) {
          throw new PtxException(insn + ": thread " + t + (write ? " overwrites" : " reads") + " shared word "
              + word * 4 + ", written by thread " + sharedWriter[word] + " since the last barrier");
        }
        if (write) {
          if (sharedReadEpoch[word] == epoch && sharedReader[word] != t) {
            throw new PtxException(insn + ": thread " + t + " overwrites shared word " + word * 4
                + ", read by another thread since the last barrier");
          }
          sharedWriter[word] = t;
          sharedWriteEpoch[word] = epoch;
        } else {
          sharedReader[word] = sharedReadEpoch[word] == epoch && sharedReader[word] != t ? -1 : t;
          sharedReadEpoch[word] = epoch;
        }
      }
      if (write) {
        put(shared, (int) address, bytes, bits);
        return 0;
      }
      return get(shared, (int) address, bytes);
    }

    private long bytes(byte[] space, long address, int bytes, Insn insn, String what) {
      check(space.length, address, bytes, insn, what);
      return get(space, (int) address, bytes);
    }

    private void check(int size, long address, int bytes, Insn insn, String what) {
      if (address < 0 || address + bytes > size) {
        throw new PtxException(entry.name() + ": " + insn + ": " + what + " access at " + address + " outside its "
            + size + " bytes");
      }
      if (address % bytes != 0) {
        throw new PtxException(entry.name() + ": " + insn + ": misaligned " + what + " access at " + address);
      }
    }
  }

  private static long get(byte[] space, int at, int bytes) {
    return bytes == 8 ? (long) LONGS.get(space, at) : (int) INTS.get(space, at) & 0xffffffffL;
  }

  private static void put(byte[] space, int at, int bytes, long bits) {
    if (bytes == 8) {
      LONGS.set(space, at, bits);
    } else {
      INTS.set(space, at, (int) bits);
    }
  }

  /** A loaded value as a register holds it: 32-bit values zero-extended (signed ones too: registers are bits). */
  private static long extend(Type type, long bits) {
    return type.bytes == 4 ? bits & 0xffffffffL : bits;
  }

  /** Reads an operand for {@link Semantics}. */
  static long operand(Object launch, int t, Operand o) {
    return ((Launch) launch).value(t, o);
  }
}
