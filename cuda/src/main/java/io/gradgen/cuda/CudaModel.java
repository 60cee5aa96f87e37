package io.gradgen.cuda;

import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.ptx.PtxEmitter;
import io.gradgen.emit.ptx.PtxModule;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;

/**
 * A checked model prepared by the {@code cuda} backend: its PTX module, emitted once; each {@link
 * #objective} opens a context of its own on the device, loads the module there and uploads the
 * data once. The Java kernel of the same model is compiled only if a run needs it: to name the
 * data row of a bad {@code softmax_ce} class index ({@link CudaObjective}).
 */
final class CudaModel implements PreparedModel {
  private final CheckedModel checked;
  private final ModelLayout layout;
  private final PtxModule module;
  private final double seconds;

  private CudaModel(CheckedModel checked, ModelLayout layout, PtxModule module, double seconds) {
    this.checked = checked;
    this.layout = layout;
    this.module = module;
    this.seconds = seconds;
  }

  static CudaModel prepare(CheckedModel checked, Precision precision) {
    long start = System.nanoTime();
    ModelLayout base = checked.layout();
    ModelLayout layout = new ModelLayout(base.modelName(), base.params(), base.data(), base.outputShape(),
        base.outputName(), precision);
    PtxModule module = PtxEmitter.emit(Pipeline.gradientGraph(checked), layout);
    return new CudaModel(checked, layout, module, (System.nanoTime() - start) / 1e9);
  }

  PtxModule module() {
    return module;
  }

  @Override
  public CheckedModel checked() {
    return checked;
  }

  @Override
  public ModelLayout layout() {
    return layout;
  }

  @Override
  public Objective objective(Dataset data) {
    return CudaObjective.open(module, layout, data,
        () -> Gradgen.compile(checked, layout.precision()).objective(data));
  }

  @Override
  public double compileSeconds() {
    return seconds;
  }
}
