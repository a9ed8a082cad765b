package io.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One dense layer {@code h = a(W h' + b)} inside {@link Network#layers()}, optionally with a
 * residual (skip) connection and optionally repeated.
 *
 * <p>With {@code skip = s}, layer {@code l} adds the output of layer {@code l - s} (layer 0 is
 * the input {@code x}): {@code h(l) = h(l-s) + α a(W h(l-1) + b)}. {@code skip = 1} is the
 * residual layer; {@code skip = 2} the residual block whose branch has two layers. The widths
 * must be equal, unless {@code projection = true}, which adds a learned matrix {@code P}:
 * {@code h(l) = P h(l-s) + α a(W h(l-1) + b)}. The constant {@code α = 1/sqrt(R)}, for the R
 * residual layers of the network, keeps the sum of the branches O(1) at any depth, so that a
 * network of 1000 residual layers trains with the learning rates of a shallow one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Layer {
    /** Number of units (outputs) of the layer; at least 1. */
    int units();

    /** The layer's non-linearity. */
    Activation activation();

    /**
     * Residual connection: add the output of the layer this many layers back (0: none; 1: the
     * layer's own input; 2: a block of two layers).
     */
    int skip() default 0;

    /** With {@link #skip()}: map the skipped output through a learned matrix (needed when widths differ). */
    boolean projection() default false;

    /** Declares this many identical layers in a row, for deep networks. */
    int repeat() default 1;
}
