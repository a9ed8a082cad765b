package io.chainrule.benchmarks.encog;

import org.encog.engine.network.activation.ActivationFunction;
import org.encog.ml.data.basic.BasicMLDataSet;
import org.encog.neural.networks.BasicNetwork;
import org.encog.neural.networks.layers.BasicLayer;
import org.encog.neural.networks.training.propagation.back.Backpropagation;

/**
 * Builds the Encog 3.4 peer of a workload: a two-layer network with the same initial weights as
 * the Chainrule model, data sets with one-hot targets, and a single-threaded plain SGD trainer
 * configured for the protocol's batch semantics.
 */
public final class EncogNetworks {
    private EncogNetworks() {
    }

    /**
     * A network {@code inputs-hidden-outputs} whose weights are copied from {@code parameters},
     * laid out as a generated model's {@code parameterArrays()} (input-major rows, then biases,
     * layer by layer).
     */
    public static BasicNetwork network(int inputs, int hidden, int outputs, ActivationFunction hiddenActivation,
            ActivationFunction outputActivation, double[][] parameters) {
        BasicNetwork network = new BasicNetwork();
        network.addLayer(new BasicLayer(null, true, inputs));
        network.addLayer(new BasicLayer(hiddenActivation, true, hidden));
        network.addLayer(new BasicLayer(outputActivation, false, outputs));
        network.getStructure().finalizeStructure();
        copyLayer(network, 0, parameters, 0, inputs, hidden);
        copyLayer(network, 1, parameters, inputs + 1, hidden, outputs);
        return network;
    }

    private static void copyLayer(BasicNetwork network, int fromLayer, double[][] parameters, int first,
            int inputs, int units) {
        for (int j = 0; j <= inputs; j++) {
            // row `inputs` is the bias vector, Encog's bias neuron of the layer
            double[] row = parameters[first + j];
            for (int i = 0; i < units; i++) {
                network.setWeight(fromLayer, j, i, row[i]);
            }
        }
    }

    /** Examples {@code order[from .. from + count)} of {@code x} with one-hot targets, in that order. */
    public static BasicMLDataSet dataset(double[] x, int features, int[] labels, int classes, int[] order,
            int from, int count) {
        double[][] input = new double[count][features];
        double[][] ideal = new double[count][classes];
        for (int n = 0; n < count; n++) {
            int row = order[from + n];
            System.arraycopy(x, row * features, input[n], 0, features);
            ideal[n][labels[row]] = 1.0;
        }
        return new BasicMLDataSet(input, ideal);
    }

    /**
     * Plain SGD with learning rate {@code learningRate} on the mean gradient of batches of
     * {@code batch} examples, one thread. Encog 3.4 updates every {@code ceil((k + 1) / 2)}
     * examples for {@code setBatchSize(k)} and sums the gradients of a batch, so this asks for
     * {@code k = 2 batch - 1} and divides the rate by {@code batch}.
     */
    public static Backpropagation trainer(BasicNetwork network, BasicMLDataSet data, int batch, double learningRate) {
        Backpropagation trainer = new Backpropagation(network, data, learningRate / batch, 0.0);
        trainer.setThreadCount(1);
        trainer.setBatchSize(2 * batch - 1);
        trainer.fixFlatSpot(false);
        return trainer;
    }
}
