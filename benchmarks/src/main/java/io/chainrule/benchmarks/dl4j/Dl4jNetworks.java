package io.chainrule.benchmarks.dl4j;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Builds the Deeplearning4j 1.0.0-M2.1 peer of a workload (nd4j-native, the CPU backend): a
 * {@link MultiLayerNetwork} of a {@link DenseLayer} and an {@link OutputLayer}, in double
 * ({@link DataType#DOUBLE}, as the other Java peers), with the same initial weights as the
 * Chainrule model, plain SGD ({@link Sgd}) and no regularisation.
 *
 * <p>The classifiers (P1-P3) end in a softmax output layer with multi-class cross-entropy
 * ({@link LossFunction#MCXENT}); with {@code miniBatch(true)} DL4J divides the gradient by the
 * batch's size, so one {@code fit} of a batch is the protocol's mean-gradient SGD step. The
 * tiny network of P4 ends in an identity output layer (its loss, mean squared error, is never
 * used: P4 only runs the forward pass).
 */
public final class Dl4jNetworks {
    private Dl4jNetworks() {
    }

    /**
     * Limits ND4J to one thread, as every system is measured: the parallel sections of its own
     * thread pool ({@code setMaxMasterThreads}), its OpenMP pool (which nd4j-native sizes from
     * {@code OMP_NUM_THREADS} when its natives load, else from the number of cores) and
     * OpenBLAS's pool. Call it before the first operation. The size of ND4J's own pool is fixed
     * when the natives load ({@code setMaxThreads} is ignored from then on): without
     * {@code OMP_NUM_THREADS=1} it has a thread per core, idle with one master thread (measured:
     * only the calling thread accumulates CPU time during {@code fit}). {@code benchmarks/run.sh}
     * exports {@code OMP_NUM_THREADS=1} and {@code OPENBLAS_NUM_THREADS=1} for the JMH process, so
     * the pools are never wider.
     */
    public static void useOneThread() {
        // Nd4j first: loading the backend is what tells NativeOpsHolder which natives to load
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    /**
     * A classifier {@code inputs-hidden(relu)-outputs(softmax)} trained by SGD with
     * {@code learningRate} on the mean gradient of each batch, whose weights are copied from
     * {@code parameters}, laid out as a generated model's {@code parameterArrays()} (input-major
     * rows, then biases, layer by layer).
     */
    public static MultiLayerNetwork classifier(int inputs, int hidden, int outputs, double learningRate,
            double[][] parameters) {
        return network(inputs, hidden, outputs, Activation.RELU, Activation.SOFTMAX, LossFunction.MCXENT,
                learningRate, parameters);
    }

    /**
     * A regressor {@code inputs-hidden(tanh)-outputs(identity)} with the weights of
     * {@code parameters} (laid out as in {@link #classifier}); for inference only.
     */
    public static MultiLayerNetwork tanhRegressor(int inputs, int hidden, int outputs, double[][] parameters) {
        return network(inputs, hidden, outputs, Activation.TANH, Activation.IDENTITY, LossFunction.MSE, 0.0,
                parameters);
    }

    private static MultiLayerNetwork network(int inputs, int hidden, int outputs, Activation hiddenActivation,
            Activation outputActivation, LossFunction loss, double learningRate, double[][] parameters) {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(42L)
                .updater(new Sgd(learningRate))
                .miniBatch(true)
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(hidden).activation(hiddenActivation).build())
                .layer(new OutputLayer.Builder(loss).nIn(hidden).nOut(outputs).activation(outputActivation).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        copyLayer(network, 0, parameters, 0, inputs, hidden);
        copyLayer(network, 1, parameters, inputs + 1, hidden, outputs);
        return network;
    }

    /**
     * Sets layer {@code layer}'s weights {@code W} (DL4J's shape {@code [nIn, nOut]}, input-major
     * as Chainrule's rows; stored in Fortran order, which {@code assign} respects) and its bias
     * {@code b} (row {@code first + inputs}) in place, in the network's flat parameter vector.
     */
    private static void copyLayer(MultiLayerNetwork network, int layer, double[][] parameters, int first,
            int inputs, int units) {
        double[][] w = new double[inputs][];
        for (int j = 0; j < inputs; j++) {
            w[j] = check(parameters[first + j], units);
        }
        INDArray weights = network.getParam(layer + "_W");
        INDArray bias = network.getParam(layer + "_b");
        weights.assign(Nd4j.createFromArray(w));
        bias.assign(Nd4j.createFromArray(check(parameters[first + inputs], units)).reshape(bias.shape()));
    }

    private static double[] check(double[] row, int units) {
        if (row.length != units) {
            throw new IllegalArgumentException("parameter row of " + row.length + " values, expected " + units);
        }
        return row;
    }
}
