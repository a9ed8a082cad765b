package io.chainrule.processor.emit;

/**
 * What a phase of a layer's generated code computes, so that a writer other than the class (the
 * derivation page) can say it in mathematics and find the phase's comment in the source.
 */
public enum Term {
    /** {@code z = W h + b}. */
    AFFINE,
    /** {@code h = a(z)}, or {@code a = a(z)} in a residual layer. */
    ACTIVATION,
    /** {@code h = α a + h_source}. */
    SKIP,
    /** {@code h = α a}, the scaled branch before a projected skip is added. */
    SCALED_BRANCH,
    /** {@code h += P h_source}. */
    PROJECTED_SKIP,
    /** {@code dL/dz = dL/dh ⊙ a'(z)} (times α in a residual layer). */
    ACTIVATION_GRADIENT,
    /** {@code dL/dW += dL/dz h_inᵀ}. */
    WEIGHT_GRADIENT,
    /** {@code dL/db += dL/dz}. */
    BIAS_GRADIENT,
    /** {@code dL/dP += dL/dh h_sourceᵀ}. */
    PROJECTION_GRADIENT,
    /** {@code dL/dh_below = Wᵀ dL/dz}. */
    GRADIENT_BELOW,
    /** {@code dL/dh_source += dL/dh_m} for a skip connection from layer m. */
    SKIP_GRADIENT,
    /** {@code dL/dh_source += P_mᵀ dL/dh_m} for a projected skip from layer m. */
    PROJECTED_SKIP_GRADIENT,
    /** An SGD step of W, b or P. */
    STEP,
    /** Anything else. */
    OTHER
}
