#!/usr/bin/env python3
"""The figures NewtonTest (runtime/src/test/.../train/NewtonTest.java) checks: logistic regression
(mean of binary cross-entropy with logits over six rows, weights w and bias b) by Newton's method
in PyTorch, each step θ ← θ − H⁻¹·g with the exact Hessian from torch.autograd.functional.hessian
and torch.linalg.solve, from θ = 0, two steps; then the same with damping 0.5, (H + 0.5·I)⁻¹·g.
Run with Debian's python3-torch:  /usr/bin/python3 samples/pytorch/newton_figures.py"""
import torch
import torch.nn.functional as F

X = torch.tensor([[0.5, 1.0], [1.5, -0.5], [-1.0, 0.3], [2.0, 1.0], [-0.5, -1.5], [0.2, 0.8]], dtype=torch.float64)
Y = torch.tensor([1.0, 1.0, 0.0, 1.0, 0.0, 0.0], dtype=torch.float64)

def loss(theta):
    return F.binary_cross_entropy_with_logits(X @ theta[:2] + theta[2], Y)

for damping in [0.0, 0.5]:
    theta = torch.zeros(3, dtype=torch.float64)
    for step in range(1, 3):
        t = theta.clone().requires_grad_(True)
        f = loss(t)
        (g,) = torch.autograd.grad(f, t)
        h = torch.autograd.functional.hessian(loss, theta)
        d = torch.linalg.solve(h + damping * torch.eye(3, dtype=torch.float64), g)
        theta = theta - d
        print(damping, step, repr(f.item()), " ".join(repr(v) for v in theta.tolist()))
