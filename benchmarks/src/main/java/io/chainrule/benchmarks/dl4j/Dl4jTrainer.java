package io.chainrule.benchmarks.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Plain SGD on a Deeplearning4j network with the protocol's semantics: one
 * {@link MultiLayerNetwork#fit(org.nd4j.linalg.dataset.api.DataSet)} per batch of {@code batch}
 * examples (the last one may be smaller); the network's {@code Sgd} updater and
 * {@code miniBatch(true)} make it the step {@code θ -= rate · mean gradient} (see
 * {@link Dl4jNetworks#classifier}). The batches are the views of {@link Dl4jExamples}: what a
 * trainer times is DL4J's {@code fit} and reading back the batch's score, nothing else.
 */
public final class Dl4jTrainer {
    private final MultiLayerNetwork network;
    private final DataSet[] batches;
    private final int batch;

    /** A trainer of {@code network} on {@code examples} (shared by the trainers of one workload). */
    public Dl4jTrainer(MultiLayerNetwork network, Dl4jExamples examples, int batch) {
        this.network = network;
        this.batches = examples.batches(batch);
        this.batch = batch;
    }

    /** The network trained. */
    public MultiLayerNetwork network() {
        return network;
    }

    /**
     * Trains on the examples {@code [from, from + count)} of the {@link Dl4jExamples}, in batches,
     * and returns the sum of the losses seen (each batch's before its step). {@code from} must be a
     * multiple of the batch size, and the range must end on a batch boundary or at the end of the
     * examples.
     */
    public double train(int from, int count) {
        if (from % batch != 0) {
            throw new IllegalArgumentException("range starts at " + from + ", not a multiple of " + batch);
        }
        double total = 0.0;
        int end = from + count;
        for (int k = from / batch; k < batches.length && (long) k * batch < end; k++) {
            DataSet data = batches[k];
            long size = data.getFeatures().size(0);
            if ((long) k * batch + size > end) {
                throw new IllegalArgumentException("range ends at " + end + ", inside a batch");
            }
            network.fit(data);
            total += network.score() * size;
        }
        return total;
    }
}
