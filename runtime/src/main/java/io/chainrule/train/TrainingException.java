package io.chainrule.train;

/**
 * Training diverged: a loss or a gradient became NaN or infinite. The message names the epoch,
 * the step and the layer; training never continues past such a value.
 */
public final class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final int layer;

    TrainingException(String message, int epoch, int step, int layer) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.layer = layer;
    }

    /** The 0-based epoch in which training stopped. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based step within {@link #epoch()}. */
    public int step() {
        return step;
    }

    /**
     * The 1-based layer whose gradient was not finite; for a non-finite loss, the output layer
     * ({@code model.layerCount()}).
     */
    public int layer() {
        return layer;
    }
}
