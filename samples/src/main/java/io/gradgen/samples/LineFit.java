package io.gradgen.samples;

import io.gradgen.runtime.GradientModel;

/**
 * Seed example 3 ({@code line-fit.model}) generated when this module compiles: the {@code
 * @GradientModel} processor writes {@code LineFitKernel} and {@code LineFitModel} beside this
 * interface, and {@code BuildTimeSamplesTest} trains them with the runtime alone to the bits of
 * {@code Gradgen.compile(line-fit.model)}. The text is that file's (the test checks it).
 */
@GradientModel("""
    // Seed example 3: a line fit from scratch (y = 1 + 2x + noise), the tutorial's data and start.
    // line-fit.csv is its NumPy data in shuffled order (first 80 rows train, last 20 validate);
    // a and b start where np.random.seed(42); np.random.randn(1), np.random.randn(1) put them.
    model LineFit

    data "line-fit.csv"
    input  x
    target y

    param a = 0.4967141530112327
    param b = -0.13826430117118466

    output yhat = a + b * x
    loss mse(yhat, y)

    train {
      optimizer sgd(lr = 0.1)
      batch full
      epochs 1000
      split 0.8
    }
    """)
interface LineFit {}
