package io.chainrule;

/** How the generated code computes a dense layer. Both shapes compute the same values. */
public enum CodeShape {
    /** {@link #UNROLLED} for tiny layers (at most 32 multiply-adds), {@link #LOOPS} for the rest. */
    AUTO,
    /**
     * Straight-line scalar code, one statement per multiply-add: the version a learner reads.
     * Split into small methods so that the JIT (HotSpot, ART) still compiles every one.
     */
    UNROLLED,
    /** Constant-bound loops over input-major weight rows, in the form HotSpot's C2 vectorises. */
    LOOPS
}
