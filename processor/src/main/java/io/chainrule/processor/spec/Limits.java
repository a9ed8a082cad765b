package io.chainrule.processor.spec;

/**
 * Sizes past which a generated class cannot be compiled or would not be JIT-compiled, with the
 * reason for each; see shared/JVM-NOTES.md. The reader rejects declarations beyond them and the
 * planner splits code to stay within them.
 */
public final class Limits {
    private Limits() {
    }

    /**
     * Largest number of parameters of a network: {@code parameterCount()} is an {@code int}, and a
     * Java array holds at most {@code Integer.MAX_VALUE - 8} elements.
     */
    public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    /**
     * Largest number of layers. Every layer adds fields, methods and their constant-pool entries
     * (about 40) to the generated class, whose constant pool holds at most 65,535 entries.
     */
    public static final int MAX_LAYERS = 1_200;

    /**
     * Largest layer (inputs × units multiply-adds) that {@code UNROLLED} accepts: every
     * multiply-add of the forward and backward pass becomes a statement, and past this the class
     * file's 65,535-entry constant pool and javac's time and memory run out (a 784×128 unrolled
     * layer made a 3.75 MB class file).
     */
    public static final int MAX_UNROLLED_MACS = 16_384;

    /**
     * Most multiply-adds in the unrolled layers of one network: each 32 of them become part
     * methods whose names and references fill the constant pool (1000 unrolled 16x16 layers
     * overflowed it). {@code AUTO} stops unrolling when the next layer would pass this.
     */
    public static final int MAX_UNROLLED_NETWORK_MACS = 65_536;

    /**
     * Largest layer that {@code AUTO} unrolls. Measured on HotSpot 17 (BENCHMARKS.md, "Code-shape
     * thresholds"), straight-line code is never faster than loops: layers of 32 and 24
     * multiply-adds (4-8-3) ran at the same speed in both shapes, forward and training; layers of
     * 64 (8-8-8-8) trained 1.1-1.5x slower unrolled and predicted up to 1.2x slower. Up to 32,
     * unrolling costs nothing measurable and gives the learner readable code.
     */
    public static final int AUTO_UNROLL_MAX_MACS = 32;

    /**
     * {@code UNROLLED} layers above this many multiply-adds get a warning: the 64x32 digits layer
     * trained 2-2.5x slower unrolled than in loops (BENCHMARKS.md).
     */
    public static final int SLOW_UNROLLED_MACS = 256;

    /**
     * Most terms in one unrolled statement or one unrolled method. C2 gives up on chains of
     * 192 terms, and Android's ART did not compile branch-free methods over about 600 dex code
     * units (about 50-70 multiply-adds); 32 terms keep a method near 500 units.
     */
    public static final int UNROLLED_TERMS_PER_METHOD = 32;

    /**
     * Dot products over at least this many terms use four independent partial sums (1.8x faster
     * in JVM-NOTES.md: a single chain waits on every addition).
     */
    public static final int SPLIT_DOT_PRODUCT = 8;

    /**
     * Entries of a class file's constant pool (a 16-bit count). Every field and method of the
     * generated class takes about three (its name, and the reference to it with its name and
     * type); {@code emit.ClassFileBudget} estimates the total from above.
     */
    public static final int CONSTANT_POOL_ENTRIES = 65_535;

    /** Sigmoid hidden layers from which the processor warns that gradients vanish. */
    public static final int VANISHING_SIGMOID_LAYERS = 4;
}
