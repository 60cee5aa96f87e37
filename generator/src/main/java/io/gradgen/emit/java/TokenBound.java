package io.gradgen.emit.java;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.plan.Method;
import io.gradgen.plan.MethodPlan;
import io.gradgen.plan.StoragePlan;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.train.EpochShape;

/**
 * An upper bound on the {@linkplain JavaTokens tokens} of a method body written from a plan,
 * counted from the plan alone: where it is under the limit, the {@link JavaEmitter#sizer} need not
 * write the method to know that it fits, which is most of the cost of planning a small model. Each
 * constant is the most tokens one piece of code can take: a read of an element is at most {@value
 * #READ} tokens ({@code ((double) p[i * 32 + k])}), a statement of an unrolled elementwise op at
 * most three reads and a dozen more; {@code JavaEmitterTest} checks the bound against the written
 * code of every model of the test corpora.
 */
final class TokenBound {
  static final int READ = 13;
  private static final int STATEMENT = 12;
  private static final int ELEMENT = STATEMENT + 3 * READ + 12;
  private static final int TERM = 2 * READ + 4;
  private static final int LOOP = 14;
  private static final int ROLLED = 320;
  private static final int ROLLED_SIMD = 520;
  private static final int FIXED = 160;

  private TokenBound() {}

  static long of(MethodPlan plan, boolean simd) {
    Graph graph = plan.graph();
    StoragePlan storage = plan.storage();
    int block = plan.rowBlock();
    int rolled = simd ? ROLLED_SIMD : ROLLED;
    long tokens = FIXED + block * (2L * STATEMENT + READ);
    for (int id = 0; id < graph.size(); id++) {
      if (!storage.live(id) || plan.inlined(id)) {
        continue;
      }
      Node node = graph.node(id);
      int lanes = storage.perRow(id) ? block : 1;
      int size = node.shape().size();
      if (node.op() == Op.PARAM || node.op() == Op.INPUT) {
        tokens += storage.local(id) ? (long) lanes * size * (STATEMENT + READ) : simd ? 3L * LOOP + lanes * 2L * rolled / 5 : 0;
      } else if (node.op().kind() == Op.Kind.LEAF || StoragePlan.isView(node.op())) {
        continue;
      } else if (storage.unrolled(id)) {
        long iterations = StoragePlan.iterations(graph, node);
        boolean sums = node.op() == Op.SUM || node.op() == Op.NORM || node.op() == Op.MATMUL
            || node.op() == Op.LOGSUMEXP;
        tokens += lanes * (sums ? iterations * TERM + (long) size * (STATEMENT + 8) + 2 * STATEMENT : (long) size * ELEMENT);
      } else {
        tokens += 3L * LOOP + (long) lanes * rolled;
      }
    }
    if (plan.method().trains()) {
      for (ParamSlot slot : plan.trainedParams()) {
        int gradient = graph.gradients().get(slot.name());
        tokens += plan.sumsInLocals(gradient)
            ? slot.size() * (3L * STATEMENT + block * (READ + 4L))
            : 3L * LOOP + (long) block * (rolled + ELEMENT);
      }
    }
    if (plan.method() == Method.PREDICT) {
      tokens += (long) graph.node(graph.output()).shape().size() * (STATEMENT + READ) + 3L * LOOP;
    }
    if (plan.method() == Method.EPOCH) {
      EpochShape shape = plan.epochShape();
      int perParam = 8 + switch (shape.optimizer()) {
        case SGD -> 0;
        case MOMENTUM, RMSPROP, ADAGRAD -> 8;
        case ADAM -> 12;
        case ADAMW -> 14;
        case LBFGS, NEWTON -> throw new IllegalStateException("no epoch kernel for " + shape.optimizer().keyword());
      } + (shape.clipped() ? 6 : 0) + 8 * shape.options().size(); // an option: a term, or a buffer's three lines
      tokens += 24L * STATEMENT + plan.layout().parameterCount() * (long) perParam * STATEMENT;
    }
    return plan.widensParams() ? tokens + 3L * LOOP : tokens;
  }
}
