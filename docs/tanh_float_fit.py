"""Fits the rational approximation behind Activations.tanh(float).

tanh(x) = x P(x^2) / Q(x^2) on [0, 9.1] (beyond 9.1, tanh rounds to 1 in float), P of degree 6,
Q of degree 4 with Q(0) = 1, minimising the largest relative error: linearised least squares
(Sanathanan-Koerner: divide by the previous denominator) with Lawson's reweighting towards the
points of largest error, on 3,000 Chebyshev nodes, in the scaled variable s = (x / 9.1)^2 for
conditioning. Reference values of tanh(x)/x come from mpmath at 40 digits. Prints the
coefficients of P and Q in x^2 as Java hex literals and the largest relative error of the fit on
a fine grid.

Run: python3 docs/tanh_float_fit.py   (numpy, mpmath)
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
CLAMP = 9.1
NUMERATOR, DENOMINATOR = 6, 4
NODES = 3000
ITERATIONS = 200


def tanh_over_x(xs):
    return np.array([float(mp.tanh(mp.mpf(v)) / mp.mpf(v)) if v != 0 else 1.0 for v in xs])


def fit():
    xs = (1 - np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES)) / 2 * CLAMP
    g = tanh_over_x(xs)
    s = (xs / CLAMP) ** 2
    weights = np.ones(NODES)
    previous_q = np.ones(NODES)
    best = None
    for _ in range(ITERATIONS):
        # P(s) - g Q(s) = 0 with Q(0) = 1, scaled for relative error and by the previous Q
        a = np.hstack([np.vander(s, NUMERATOR + 1, increasing=True),
                       -g[:, None] * np.vander(s, DENOMINATOR + 1, increasing=True)[:, 1:]])
        w = np.sqrt(weights) / (np.abs(previous_q) * np.abs(g))
        coefficients, *_ = np.linalg.lstsq(a * w[:, None], g * w, rcond=None)
        p = coefficients[:NUMERATOR + 1]
        q = np.concatenate([[1.0], coefficients[NUMERATOR + 1:]])
        pv = np.polyval(p[::-1], s)
        qv = np.polyval(q[::-1], s)
        error = (pv / qv - g) / g
        worst = np.max(np.abs(error))
        if best is None or worst < best[0]:
            best = (worst, p, q)
        previous_q = qv
        weights = weights * (np.abs(error) / worst + 1e-3)
        weights /= weights.sum()
    return best


def main():
    _, p, q = fit()
    # back to x^2: the coefficient of s^k = x^2k / 9.1^2k
    p = [float(c / CLAMP ** (2 * k)) for k, c in enumerate(p)]
    q = [float(c / CLAMP ** (2 * k)) for k, c in enumerate(q)]
    print("P (x^2 to the power 0..%d):" % NUMERATOR, ", ".join(c.hex() for c in p))
    print("Q (x^2 to the power 0..%d):" % DENOMINATOR, ", ".join(c.hex() for c in q))
    grid = np.linspace(1e-6, CLAMP, 20001)
    t = grid * grid
    approx = grid * np.polyval(p[::-1], t) / np.polyval(q[::-1], t)
    exact = np.array([float(mp.tanh(mp.mpf(v))) for v in grid])
    print("largest relative error on a grid of 20,001 points: %.3g" % np.max(np.abs(approx / exact - 1)))


if __name__ == "__main__":
    main()
