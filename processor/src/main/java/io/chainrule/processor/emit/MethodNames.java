package io.chainrule.processor.emit;

/**
 * Names of the generated class's private pass methods, which the emitters declare and call and
 * the derivation page links to: one place, so that the page's links cannot drift from the code.
 */
public final class MethodNames {
    /** The forward pass of one example. */
    public static final String FORWARD = "forward";
    /** The backward pass that accumulates the gradients. */
    public static final String BACKWARD = "backward";
    /** The backward pass with the SGD step folded in. */
    public static final String BACKWARD_STEP = "backwardStep";
    /** The output head: the loss and dL/dh of the output layer. */
    public static final String OUTPUT_LOSS = "outputLoss";
    /** dL/dx of the last backward pass, on demand. */
    public static final String INPUT_GRADIENT = "inputGradient";
    /**
     * The fewest consecutive alike layers that share one method per pass ({@link #shared}), and
     * that the derivation page prints once.
     */
    public static final int SHARED_RUN = 3;

    private MethodNames() {
    }

    /** Layer {@code layer}'s own method of {@code pass}, such as {@code forward5}. */
    public static String layer(String pass, int layer) {
        return pass + layer;
    }

    /** The method of {@code pass} that layers {@code first .. last} share, such as {@code forward2To999}. */
    public static String shared(String pass, int first, int last) {
        return pass + first + "To" + last;
    }
}
