package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.runtime.train.OptimizerSpec;
import java.util.Locale;

/**
 * The optimizer's step on the device, one entry per optimizer, {@code update_sgd} … {@code
 * update_rmsprop}: from the summed gradient {@code reduce} left in {@code result[1 …]}, each
 * parameter's gradient divided by {@code divisor} (the batch's rows for a mean, else 1), the whole
 * gradient clipped to L2 norm {@code clip} where {@code clip > 0} ({@code clip_grad_norm_}), then
 * the runtime optimizer's rule in its order of operations, with the torch.optim options as
 * arguments (every buffer argument must be allocated, even where its option is off: the kernel
 * reads it and leaves it as it was), into {@code next} (the params array
 * itself stays as it was, so that a step that is not finite can be dropped), the optimizer's
 * buffers advanced in place. {@code status[0]} is 1 where the loss, the gradient and the new params
 * are all finite; {@code status[1]} is the batch's summed loss. One block of {@value #THREADS}
 * threads does it all, so the norm and the finite checks are sums in a fixed order.
 *
 * <pre>
 * every      g = maximize ? −g : g;  g = wd ≠ 0 ? g + wd·p : g      (not adamw)
 * sgd        p + (−lr)·g
 * momentum   b = first ? g : b·β + (1 − dampening)·g;  d = nesterov ? g + β·b : b;  p + (−lr)·d
 * adam       m = m·β1 + (1 − β1)·g;  v = v·β2 + (1 − β2)·g·g;  u = amsgrad ? max(u, v) : v;
 *            p − stepSize·m / (√u / √(1 − β2^t) + eps)
 * adamw      p·(1 − lr·decay), then adam
 * rmsprop    v = v·α + (1 − α)·g·g;  a = a·α + (1 − α)·g;  s = √(centered ? v − a·a : v) + eps;
 *            momentum &gt; 0 ? (b = b·μ + g / s;  p + (−lr)·b) : p − lr·g / s
 * adagrad    s = s + g·g;  p + (−clr)·g / (√s + eps)      clr = lr / (1 + (t − 1)·lr_decay)
 * </pre>
 *
 * The host works out what depends on the step count alone ({@code stepSize = lr / (1 − β1^t)}, adagrad's {@code clr},
 * {@code √(1 − β2^t)}, {@code 1 − β1}, …) with the runtime's own expressions, so that the device
 * computes exactly the runtime's numbers: the kernels use no {@code fma} and only correctly rounded
 * division and square root, so given the same gradient their f64 results are the runtime's bits.
 */
final class UpdateWriter {
  static final int THREADS = HostKernels.THREADS;
  private static final PtxType F64 = PtxType.F64;

  private final Entry entry;
  private final Asm asm;
  private final PtxType type;
  private final OptimizerSpec.Kind kind;

  private UpdateWriter(OptimizerSpec.Kind kind, PtxType type) {
    this.kind = kind;
    this.type = type;
    this.entry = new Entry(entryName(kind), THREADS);
    this.asm = entry.asm();
  }

  static String entryName(OptimizerSpec.Kind kind) {
    return "update_" + kind.name().toLowerCase(Locale.ROOT);
  }

  static Entry write(OptimizerSpec.Kind kind, PtxType type) {
    UpdateWriter writer = new UpdateWriter(kind, type);
    writer.write();
    return writer.entry;
  }

  private static Real real(double value) {
    return new Real(F64, value);
  }

  private void write() {
    Reg params = HostKernels.global(asm, entry.param("params", PtxType.U64));
    Reg next = HostKernels.global(asm, entry.param("next", PtxType.U64));
    Reg result = HostKernels.global(asm, entry.param("result", PtxType.U64));
    Reg status = HostKernels.global(asm, entry.param("status", PtxType.U64));
    Reg count = HostKernels.u32(asm, entry.param("count", PtxType.U32));
    Reg divisor = HostKernels.f64(asm, entry.param("divisor", PtxType.F64));
    Reg clip = HostKernels.f64(asm, entry.param("clip", PtxType.F64));
    Rule rule = rule();
    Reg maximize = asm.setp(Cmp.NE, PtxType.U32, HostKernels.u32(asm, entry.param("maximize", PtxType.U32)), Imm.of(0));
    Reg weightDecay = kind == OptimizerSpec.Kind.ADAMW ? null : HostKernels.f64(asm, entry.param("weight_decay", F64));
    Reg tid = asm.mov(PtxType.U32, new Imm("%tid.x"));
    BlockSum blockSum = new BlockSum(entry, tid);
    Reg gradients = asm.add(PtxType.S64, result, Imm.of(8));

    asm.comment("the clipping coefficient, where clip > 0: clip / (|g| + 1e-6)");
    Reg coefficient = asm.mov(F64, real(1.0));
    String noClip = asm.newLabel("noclip");
    asm.unless(asm.setp(Cmp.GT, F64, clip, real(0.0))).bra(noClip);
    Reg squares = asm.mov(F64, real(0.0));
    StridedLoop norm = StridedLoop.open(asm, tid, count, Imm.of(THREADS));
    Reg g = gradient(gradients, norm.index(), divisor);
    asm.add(F64, squares, squares, asm.mul(F64, g, g));
    norm.close();
    String shared = entry.shared("norm", 8);
    Reg normAt = asm.mov(PtxType.U32, new Imm(shared));
    blockSum.sum(squares, total -> asm.st(Space.SHARED, F64, new Address(normAt, 0), total));
    Reg total = asm.ld(Space.SHARED, F64, new Address(normAt, 0));
    asm.mov(F64, coefficient, asm.div(F64, clip, asm.add(F64, asm.sqrt(F64, total), real(1e-6))));
    asm.place(noClip);
    Reg clipped = asm.setp(Cmp.LT, F64, coefficient, real(1.0));

    asm.comment("each parameter's step, into next");
    Reg bad = asm.mov(F64, real(0.0));
    StridedLoop each = StridedLoop.open(asm, tid, count, Imm.of(THREADS));
    Reg e = each.index();
    Reg raw = gradient(gradients, e, divisor);
    Reg grad = asm.selp(F64, asm.mul(F64, raw, coefficient), raw, clipped);
    Address paramAt = new Address(asm.madWide(e, Imm.of(type.bytes()), params), 0);
    Reg param = widen(asm.ld(Space.GLOBAL, type, paramAt));
    Reg into = rule.step(e, param, decayed(grad, param, maximize, weightDecay));
    asm.st(Space.GLOBAL, type, new Address(asm.madWide(e, Imm.of(type.bytes()), next), 0), narrow(into));
    asm.add(F64, bad, bad, HostKernels.nonFinite(asm, into));
    each.close();

    asm.comment("status: 1 where the loss, the gradient and the new params are finite; the loss");
    Reg flagAt = asm.madWide(count, Imm.of(8), gradients);
    Reg gradientFinite = asm.setp(Cmp.EQ, F64, asm.ld(Space.GLOBAL, F64, new Address(flagAt, 0)), real(1.0));
    blockSum.sum(bad, sum -> {
      Reg finite = asm.andPred(gradientFinite, asm.setp(Cmp.EQ, F64, sum, real(0.0)));
      asm.st(Space.GLOBAL, F64, new Address(status, 0), asm.selp(F64, real(1.0), real(0.0), finite));
      asm.st(Space.GLOBAL, F64, new Address(status, 8), asm.ld(Space.GLOBAL, F64, new Address(result, 0)));
    });
    asm.ret();
  }

  /**
   * {@code Optimizer.decayed}: the gradient negated with maximize, then {@code g + wd·p} where the
   * decay is not 0 (AdamW has none: its decay is the shrink).
   */
  private Reg decayed(Reg g, Reg p, Reg maximize, Reg weightDecay) {
    Reg signed = asm.selp(F64, asm.neg(F64, g), g, maximize);
    if (weightDecay == null) {
      return signed;
    }
    Reg decays = asm.setp(Cmp.NE, F64, weightDecay, real(0.0));
    return asm.selp(F64, asm.add(F64, signed, asm.mul(F64, weightDecay, p)), signed, decays);
  }

  private Reg gradient(Reg gradients, Reg e, Reg divisor) {
    return asm.div(F64, asm.ld(Space.GLOBAL, F64, new Address(asm.madWide(e, Imm.of(8), gradients), 0)), divisor);
  }

  private Reg widen(Reg value) {
    return type == F64 ? value : asm.cvt(F64, type, null, value);
  }

  private Reg narrow(Reg value) {
    return type == F64 ? value : asm.cvt(type, F64, ".rn", value);
  }

  /** One optimizer's rule for element {@code e}: the new param, the buffers advanced. */
  private interface Rule {
    Reg step(Reg e, Reg param, Reg grad);
  }

  private Rule rule() {
    switch (kind) {
      case SGD: {
        Reg lr = HostKernels.f64(asm, entry.param("lr", F64));
        return (e, p, g) -> asm.add(F64, p, asm.mul(F64, asm.neg(F64, lr), g));
      }
      case MOMENTUM: {
        Reg lr = HostKernels.f64(asm, entry.param("lr", F64));
        Reg buffer = HostKernels.global(asm, entry.param("buffer", PtxType.U64));
        Reg beta = HostKernels.f64(asm, entry.param("beta", F64));
        Reg nesterov = asm.setp(Cmp.NE, PtxType.U32, HostKernels.u32(asm, entry.param("nesterov", PtxType.U32)), Imm.of(0));
        Reg first = asm.setp(Cmp.NE, PtxType.U32, HostKernels.u32(asm, entry.param("first", PtxType.U32)), Imm.of(0));
        Reg oneMinusDampening = HostKernels.f64(asm, entry.param("one_minus_dampening", F64));
        return (e, p, g) -> {
          Address at = new Address(asm.madWide(e, Imm.of(8), buffer), 0);
          Reg old = asm.ld(Space.GLOBAL, F64, at);
          // (1 − 0)·g is g exactly: dampening 0 is the plain b·β + g
          Reg b = asm.selp(F64, g, asm.add(F64, asm.mul(F64, old, beta), asm.mul(F64, oneMinusDampening, g)), first);
          asm.st(Space.GLOBAL, F64, at, b);
          Reg d = asm.selp(F64, asm.add(F64, g, asm.mul(F64, beta, b)), b, nesterov);
          return asm.add(F64, p, asm.mul(F64, asm.neg(F64, lr), d));
        };
      }
      case ADAM:
      case ADAMW: {
        Reg m = HostKernels.global(asm, entry.param("m", PtxType.U64));
        Reg v = HostKernels.global(asm, entry.param("v", PtxType.U64));
        Reg beta1 = HostKernels.f64(asm, entry.param("beta1", F64));
        Reg oneMinusBeta1 = HostKernels.f64(asm, entry.param("one_minus_beta1", F64));
        Reg beta2 = HostKernels.f64(asm, entry.param("beta2", F64));
        Reg oneMinusBeta2 = HostKernels.f64(asm, entry.param("one_minus_beta2", F64));
        Reg stepSize = HostKernels.f64(asm, entry.param("step_size", F64));
        Reg correction = HostKernels.f64(asm, entry.param("bias_correction2_sqrt", F64));
        Reg eps = HostKernels.f64(asm, entry.param("eps", F64));
        Reg shrink = kind == OptimizerSpec.Kind.ADAMW ? HostKernels.f64(asm, entry.param("shrink", F64)) : null;
        Reg vMax = HostKernels.global(asm, entry.param("v_max", PtxType.U64));
        Reg amsgrad = asm.setp(Cmp.NE, PtxType.U32, HostKernels.u32(asm, entry.param("amsgrad", PtxType.U32)), Imm.of(0));
        return (e, p, g) -> {
          Reg start = shrink == null ? p : asm.mul(F64, p, shrink);
          Address mAt = new Address(asm.madWide(e, Imm.of(8), m), 0);
          Address vAt = new Address(asm.madWide(e, Imm.of(8), v), 0);
          Reg m1 = asm.add(F64, asm.mul(F64, asm.ld(Space.GLOBAL, F64, mAt), beta1), asm.mul(F64, oneMinusBeta1, g));
          Reg v1 = asm.add(F64, asm.mul(F64, asm.ld(Space.GLOBAL, F64, vAt), beta2),
              asm.mul(F64, asm.mul(F64, oneMinusBeta2, g), g));
          asm.st(Space.GLOBAL, F64, mAt, m1);
          asm.st(Space.GLOBAL, F64, vAt, v1);
          // amsgrad's max(u, v) as Math.max for a finite u: v where u > v is false, so a NaN v wins
          Address uAt = new Address(asm.madWide(e, Imm.of(8), vMax), 0);
          Reg u = asm.ld(Space.GLOBAL, F64, uAt);
          Reg u1 = asm.selp(F64, u, v1, asm.setp(Cmp.GT, F64, u, v1));
          asm.st(Space.GLOBAL, F64, uAt, asm.selp(F64, u1, u, amsgrad));
          Reg second = asm.selp(F64, u1, v1, amsgrad);
          Reg denominator = asm.add(F64, asm.div(F64, asm.sqrt(F64, second), correction), eps);
          return asm.sub(F64, start, asm.div(F64, asm.mul(F64, stepSize, m1), denominator));
        };
      }
      case RMSPROP: {
        Reg lr = HostKernels.f64(asm, entry.param("lr", F64));
        Reg v = HostKernels.global(asm, entry.param("v", PtxType.U64));
        Reg alpha = HostKernels.f64(asm, entry.param("alpha", F64));
        Reg oneMinusAlpha = HostKernels.f64(asm, entry.param("one_minus_alpha", F64));
        Reg eps = HostKernels.f64(asm, entry.param("eps", F64));
        Reg buffer = HostKernels.global(asm, entry.param("buffer", PtxType.U64));
        Reg average = HostKernels.global(asm, entry.param("average", PtxType.U64));
        Reg momentum = HostKernels.f64(asm, entry.param("momentum", F64));
        Reg centered = asm.setp(Cmp.NE, PtxType.U32, HostKernels.u32(asm, entry.param("centered", PtxType.U32)), Imm.of(0));
        Reg withMomentum = asm.setp(Cmp.GT, F64, momentum, real(0.0));
        return (e, p, g) -> {
          Address vAt = new Address(asm.madWide(e, Imm.of(8), v), 0);
          Reg v1 = asm.add(F64, asm.mul(F64, asm.ld(Space.GLOBAL, F64, vAt), alpha),
              asm.mul(F64, asm.mul(F64, oneMinusAlpha, g), g));
          asm.st(Space.GLOBAL, F64, vAt, v1);
          Address aAt = new Address(asm.madWide(e, Imm.of(8), average), 0);
          Reg a = asm.ld(Space.GLOBAL, F64, aAt);
          Reg a1 = asm.add(F64, asm.mul(F64, a, alpha), asm.mul(F64, oneMinusAlpha, g));
          asm.st(Space.GLOBAL, F64, aAt, asm.selp(F64, a1, a, centered));
          Reg square = asm.selp(F64, asm.sub(F64, v1, asm.mul(F64, a1, a1)), v1, centered);
          Reg denominator = asm.add(F64, asm.sqrt(F64, square), eps);
          Address bAt = new Address(asm.madWide(e, Imm.of(8), buffer), 0);
          Reg b = asm.ld(Space.GLOBAL, F64, bAt);
          Reg b1 = asm.add(F64, asm.mul(F64, b, momentum), asm.div(F64, g, denominator));
          asm.st(Space.GLOBAL, F64, bAt, asm.selp(F64, b1, b, withMomentum));
          return asm.selp(F64, asm.add(F64, p, asm.mul(F64, asm.neg(F64, lr), b1)),
              asm.sub(F64, p, asm.div(F64, asm.mul(F64, lr, g), denominator)), withMomentum);
        };
      }
      case ADAGRAD: {
        Reg clr = HostKernels.f64(asm, entry.param("clr", F64));
        Reg sum = HostKernels.global(asm, entry.param("sum", PtxType.U64));
        Reg eps = HostKernels.f64(asm, entry.param("eps", F64));
        return (e, p, g) -> {
          Address sumAt = new Address(asm.madWide(e, Imm.of(8), sum), 0);
          Reg s1 = asm.add(F64, asm.ld(Space.GLOBAL, F64, sumAt), asm.mul(F64, g, g)); // 1·g·g is g·g exactly
          asm.st(Space.GLOBAL, F64, sumAt, s1);
          Reg denominator = asm.add(F64, asm.sqrt(F64, s1), eps);
          return asm.add(F64, p, asm.div(F64, asm.mul(F64, asm.neg(F64, clr), g), denominator));
        };
      }
      default:
        throw new IllegalArgumentException("no device step for optimizer " + kind.keyword()
            + (kind.closure() ? ": its steps evaluate the loss as they go (opt.step(closure)), on the host" : ""));
    }
  }
}
