package com.example;

import io.gradgen.runtime.GradientModel;

@GradientModel("""
    model Minimize
    param x = 0
    loss (x - 2)^2 + 1
    train {
      optimizer sgd(lr = 0.1)
      epochs 100
    }
    """)
interface Minimize {}
