package io.chainrule.benchmarks.neuroph;

import org.neuroph.core.data.DataSet;
import org.neuroph.core.data.DataSetRow;
import org.neuroph.nnet.MultiLayerPerceptron;
import org.neuroph.nnet.learning.MomentumBackpropagation;

/**
 * Plain SGD on a Neuroph 2.92 network with the protocol's semantics: learning rate
 * {@code learningRate} on the mean gradient of batches of {@code batch} examples (the last one may
 * be smaller), softmax cross-entropy ({@link SoftmaxCrossEntropyError}), one thread. It drives
 * {@link MomentumBackpropagation}, the rule {@link MultiLayerPerceptron} installs, with momentum 0,
 * through its public {@code doOneLearningIteration}, one call per batch.
 *
 * <p>Batch mode ({@code setBatchMode(true)}) for every batch size, batch 1 included: Neuroph then
 * sums {@code rate * error * input} over the batch into each weight's {@code weightChange} and
 * applies it once, after the batch (so the rate is divided by the batch's size for the mean
 * gradient), and it backpropagates through the weights the batch started from: the exact SGD step.
 * Measured: from the same initial weights and example order, the epoch losses equal the generated
 * double model's to 10 significant digits on P1 (20 epochs) and P2 (50 epochs), test accuracy
 * 0.978 and 0.983 ({@code NeurophWorkloadsTest} pins the equality). Online mode
 * ({@code setBatchMode(false)}, the usual way to run batch 1) changes each output weight before it
 * computes the hidden layer's error from it, so its step is not the gradient; at P1's rate 0.05
 * it diverged within the first epoch (loss above 50 from the 135th example, epoch loss 5e32;
 * P3 batch 1 at 0.05 likewise), while at 0.01 it trains. Batch mode costs one more pass over the weights per batch.
 *
 * <p>Batches are Neuroph {@link DataSet}s refilled from pre-built rows: building the rows (array
 * copies, one-hot targets) is data loading and stays out of the timed loop, as for the other
 * systems.
 */
public final class NeurophTrainer {
    private final Rule rule = new Rule();
    private final SoftmaxCrossEntropyError loss = new SoftmaxCrossEntropyError();
    private final DataSet batchSet;
    private final int batch;
    private final double learningRate;

    /** A trainer of {@code network} (its learning rule is replaced). */
    public NeurophTrainer(MultiLayerPerceptron network, int batch, double learningRate) {
        this.batch = batch;
        this.learningRate = learningRate;
        this.batchSet = new DataSet(network.getInputsCount(), network.getOutputsCount());
        rule.setMomentum(0.0);
        rule.setBatchMode(true);
        rule.setErrorFunction(loss);
        network.setLearningRule(rule);
        rule.start();
    }

    /**
     * Trains on the rows {@code rows[order[from .. from + count)]} in batches and returns the sum of
     * the losses seen.
     */
    public double train(DataSetRow[] rows, int[] order, int from, int count) {
        double total = 0.0;
        int end = from + count;
        for (int start = from; start < end; start += batch) {
            int stop = Math.min(start + batch, end);
            batchSet.clear();
            for (int n = start; n < stop; n++) {
                batchSet.addRow(rows[order[n]]);
            }
            rule.setLearningRate(learningRate / (stop - start));
            rule.doOneLearningIteration(batchSet);
            total += loss.getTotalError() * (stop - start);
        }
        return total;
    }

    /** Neuroph's rule with its per-weight state set up as {@code learn} would, without running it. */
    private static final class Rule extends MomentumBackpropagation {
        private static final long serialVersionUID = 1L;

        void start() {
            onStart();
        }
    }
}
