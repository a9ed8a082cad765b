package io.chainrule;

/**
 * The output head of a network: how its last layer's values {@code s} are scored against the
 * target. The loss of one example is defined per constant below.
 */
public enum Loss {
    /**
     * Softmax followed by cross-entropy, fused: {@code L = log(sum_k e^s_k) - s_y}, computed as
     * {@code m + log(sum_k e^(s_k - m))} with {@code m = max_k s_k} so that it never overflows.
     * Target: a class index {@code y}. Needs at least 2 outputs. {@code predict} returns the
     * softmax probabilities. Gradient: {@code dL/ds = softmax(s) - onehot(y)}.
     */
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy"),
    /**
     * Multiclass hinge (the SVM loss): {@code L = max(0, 1 + max_{y' != y} s_y' - s_y)}.
     * Target: a class index. Needs at least 2 outputs. {@code predict} returns the raw scores.
     */
    MULTICLASS_HINGE("multiclass_hinge"),
    /**
     * Sigmoid followed by binary cross-entropy, fused and stable, summed over the outputs:
     * {@code L = sum_k max(s_k, 0) - s_k t_k + log(1 + e^-|s_k|)}. Target: a class index; with one
     * output the classes are 0 and 1 ({@code t = y}); with K outputs, one-vs-rest
     * ({@code t_k = 1 if k == y}). {@code predict} returns the sigmoid probabilities.
     */
    SIGMOID_CROSS_ENTROPY("sigmoid_cross_entropy"),
    /**
     * Mean squared error, the mean over the K outputs: {@code L = (1/K) sum_k (s_k - t_k)^2}.
     * Target: a vector of K values. {@code predict} returns the last layer's values.
     */
    MEAN_SQUARED_ERROR("mean_squared_error");

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /** The short name used in architecture strings and model files. */
    public String label() {
        return label;
    }

    /** True if the target of one example is a class index; false if it is a vector. */
    public boolean takesClassIndex() {
        return this != MEAN_SQUARED_ERROR;
    }

    /** Number of classes a model with {@code outputs} outputs distinguishes under this loss. */
    public int classCount(int outputs) {
        if (!takesClassIndex()) {
            return 0;
        }
        return this == SIGMOID_CROSS_ENTROPY && outputs == 1 ? 2 : outputs;
    }
}
