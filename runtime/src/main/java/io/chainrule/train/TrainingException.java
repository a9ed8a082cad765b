package io.chainrule.train;

/**
 * Training diverged: a loss or a gradient became NaN or infinite, or the running mean loss rose
 * above the configured limit ({@link TrainerConfig#maxLoss()}, {@link TrainerConfig#maxLossGrowth()}). The
 * message names the epoch and the step (both counted from 1, as progress lines count them), the
 * examples of the batch and the layer; training never continues past such a value (the step that
 * would have used it is not taken).
 */
public final class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final int layer;

    /**
     * A failure at {@code epoch} and {@code step} (from 0) in {@code layer} (from 1); public for
     * trainers built on this package's parts elsewhere (chainrule-spark).
     */
    public TrainingException(String message, int epoch, int step, int layer) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.layer = layer;
    }

    /** The 0-based epoch in which training stopped (the message says {@code epoch() + 1}). */
    public int epoch() {
        return epoch;
    }

    /** The 0-based step within {@link #epoch()} (the message says {@code step() + 1}). */
    public int step() {
        return step;
    }

    /**
     * The 1-based layer whose gradient was not finite; for a non-finite loss, the output layer
     * ({@code model.layerCount()}); for a loss above the limit, the layer with the largest
     * gradient norm.
     */
    public int layer() {
        return layer;
    }
}
