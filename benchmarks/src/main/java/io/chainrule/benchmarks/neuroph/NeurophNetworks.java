package io.chainrule.benchmarks.neuroph;

import java.util.Arrays;
import org.neuroph.core.Connection;
import org.neuroph.core.Layer;
import org.neuroph.core.Neuron;
import org.neuroph.core.data.DataSetRow;
import org.neuroph.core.transfer.TransferFunction;
import org.neuroph.nnet.MultiLayerPerceptron;
import org.neuroph.nnet.comp.neuron.BiasNeuron;
import org.neuroph.util.NeuronProperties;

/**
 * Builds the Neuroph 2.92 peer of a workload: a two-layer {@link MultiLayerPerceptron} with the
 * same initial weights as the Chainrule model, and its examples as Neuroph rows with one-hot
 * targets.
 *
 * <p>Neuroph gives every neuron of a perceptron the same transfer function, and has no softmax
 * (a transfer function sees one neuron's net input). The output layer is therefore switched to
 * {@code Linear} after construction, so the network outputs logits, and the softmax lives in the
 * loss, {@link SoftmaxCrossEntropyError}; the prediction (arg max) is the same.
 */
public final class NeurophNetworks {
    private NeurophNetworks() {
    }

    /**
     * A network {@code inputs-hidden-outputs} with {@code hiddenFunction} on the hidden layer and
     * {@code outputFunction} on the output layer (one new instance per neuron: Neuroph's
     * {@code Tanh} keeps the last output in a field), whose weights are copied from
     * {@code parameters}, laid out as a generated model's {@code parameterArrays()} (input-major
     * rows, then biases, layer by layer).
     */
    public static MultiLayerPerceptron network(int inputs, int hidden, int outputs,
            Class<? extends TransferFunction> hiddenFunction, Class<? extends TransferFunction> outputFunction,
            double[][] parameters) {
        NeuronProperties properties = new NeuronProperties(Neuron.class, hiddenFunction);
        properties.setProperty("useBias", true);
        MultiLayerPerceptron network = new MultiLayerPerceptron(Arrays.asList(inputs, hidden, outputs), properties);
        for (Neuron neuron : network.getOutputNeurons()) {
            neuron.setTransferFunction(newInstance(outputFunction));
        }
        copyLayer(network.getLayerAt(0), network.getLayerAt(1), parameters, 0);
        copyLayer(network.getLayerAt(1), network.getLayerAt(2), parameters, inputs + 1);
        return network;
    }

    /**
     * Sets the weights into {@code to}'s neurons. Neuroph appends a bias neuron (output 1) to
     * every layer but the last; its connections take the bias row {@code first + units of from}.
     */
    private static void copyLayer(Layer from, Layer to, double[][] parameters, int first) {
        int row = 0;
        int biasRow = -1;
        int[] rowOf = new int[from.getNeuronsCount()];
        for (int j = 0; j < rowOf.length; j++) {
            if (from.getNeuronAt(j) instanceof BiasNeuron) {
                biasRow = j;
            } else {
                rowOf[j] = row++;
            }
        }
        if (biasRow < 0) {
            throw new IllegalStateException("layer without a bias neuron");
        }
        rowOf[biasRow] = row;
        int unit = 0;
        for (Neuron neuron : to.getNeurons()) {
            if (neuron instanceof BiasNeuron) {
                continue;
            }
            Connection[] connections = neuron.getInputConnections();
            if (connections.length != rowOf.length) {
                throw new IllegalStateException("neuron with " + connections.length + " inputs, expected "
                        + rowOf.length);
            }
            for (Connection connection : connections) {
                double[] weights = parameters[first + rowOf[from.indexOf(connection.getFromNeuron())]];
                connection.getWeight().setValue(weights[unit]);
            }
            unit++;
        }
    }

    /** Examples {@code order[from .. from + count)} of {@code x} as rows with one-hot targets, in that order. */
    public static DataSetRow[] rows(double[] x, int features, int[] labels, int classes, int[] order, int from,
            int count) {
        DataSetRow[] rows = new DataSetRow[count];
        for (int n = 0; n < count; n++) {
            int example = order[from + n];
            double[] input = Arrays.copyOfRange(x, example * features, (example + 1) * features);
            double[] target = new double[classes];
            target[labels[example]] = 1.0;
            rows[n] = new DataSetRow(input, target);
        }
        return rows;
    }

    /** The index of the largest output of {@code network} for {@code input}. */
    public static int classify(MultiLayerPerceptron network, double[] input) {
        network.setInput(input);
        network.calculate();
        double[] output = network.getOutput();
        int best = 0;
        for (int k = 1; k < output.length; k++) {
            if (output[k] > output[best]) {
                best = k;
            }
        }
        return best;
    }

    private static TransferFunction newInstance(Class<? extends TransferFunction> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate " + type.getName(), e);
        }
    }
}
