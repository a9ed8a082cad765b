package io.chainrule.benchmarks.neuroph;

import org.neuroph.core.learning.error.ErrorFunction;

/**
 * Softmax cross-entropy as a Neuroph 2.92 error function, which has only mean squared error. The
 * network's outputs are logits (a {@code Linear} output layer, derivative 1); the pattern error
 * Neuroph hands to backpropagation is {@code target - softmax(logits)}, the negative gradient of
 * the loss with respect to the logits (Neuroph adds {@code rate * error * input} to a weight).
 * The total error is the mean loss of the patterns since the last {@link #reset()}.
 *
 * <p>The returned array is reused: Neuroph's backpropagation reads it before the next pattern.
 */
public final class SoftmaxCrossEntropyError implements ErrorFunction {
    private double[] error = new double[0];
    private double totalLoss;
    private int patterns;

    @Override
    public double[] calculatePatternError(double[] predictedOutput, double[] targetOutput) {
        int n = predictedOutput.length;
        if (error.length != n) {
            error = new double[n];
        }
        double max = predictedOutput[0];
        for (int k = 1; k < n; k++) {
            max = Math.max(max, predictedOutput[k]);
        }
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            error[k] = Math.exp(predictedOutput[k] - max);
            sum += error[k];
        }
        double logSum = Math.log(sum);
        double loss = 0.0;
        for (int k = 0; k < n; k++) {
            if (targetOutput[k] != 0.0) {
                loss -= targetOutput[k] * (predictedOutput[k] - max - logSum);
            }
            error[k] = targetOutput[k] - error[k] / sum;
        }
        totalLoss += loss;
        patterns++;
        return error;
    }

    @Override
    public double getTotalError() {
        return patterns == 0 ? 0.0 : totalLoss / patterns;
    }

    @Override
    public void reset() {
        totalLoss = 0.0;
        patterns = 0;
    }
}
