package io.chainrule.train;

import io.chainrule.Model;

/**
 * An update rule that turns a model's accumulated gradients into a change of its parameters.
 * The API is the same for float and double models; implementations keep their state (velocities,
 * moment estimates) in arrays of the model's precision, shaped like
 * {@code parameterArrays()}.
 *
 * <p>Life cycle: {@link #bind(Model)} once (allocates and zeroes the state), then
 * {@link #step(Model, double, int)} after each batch; a step allocates nothing. Binding again
 * (to the same or another model) starts afresh. An optimizer is bound to one model at a time
 * and is not thread-safe.
 */
public interface Optimizer {
    /** Allocates zeroed state for {@code model} and forgets any previous state. */
    void bind(Model model);

    /**
     * Updates the parameters of the bound model from its gradient arrays.
     *
     * @param model the model passed to {@link #bind(Model)}
     * @param learningRate the step size {@code η} for this step
     * @param step the 1-based number of this step since {@link #bind(Model)} (Adam's bias
     *     correction uses it)
     * @throws IllegalStateException if {@code model} is not the bound model
     */
    void step(Model model, double learningRate, int step);

    /** The L2 weight decay {@code λ} added to every gradient as {@code g + λ θ} (0 for none). */
    double weightDecay();
}
