package io.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.FloatPredictor;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.data.Split;
import io.chainrule.io.ModelFile;
import io.chainrule.samples.digits.DigitsEmbeddedModel;
import io.chainrule.samples.digits.DigitsInferenceModel;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.samples.mnist.MnistInferenceModel;
import io.chainrule.samples.mnist.MnistModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The samples' inference classes: the digits network trained by the {@code digits} command
 * ({@code models/digits.chrl}), loaded into the training class, loaded into the inference class and
 * compiled into {@code DigitsEmbeddedModel}, predicts the same bits for every image and the
 * command's test accuracy; the MNIST inference class holds little more than its parameters.
 */
class InferenceSamplesTest {

    private static Dataset digits() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("label").classCount(10).build();
        try (InputStream in = InferenceSamplesTest.class.getClassLoader().getResourceAsStream("data/digits.csv")) {
            return reader.read(in, "digits.csv");
        }
    }

    @Test
    void compiledInDigitsPredictsTheTrainedModelsBits() throws IOException {
        DigitsModel training = new DigitsModel();
        Scaler scaler = ModelFile.loadResource(training, "models/digits.chrl");
        DigitsInferenceModel loaded = new DigitsInferenceModel();
        assertEquals(scaler, ModelFile.loadResource(loaded, "models/digits.chrl"));
        DigitsEmbeddedModel embedded = new DigitsEmbeddedModel();
        assertEquals(scaler, DigitsEmbeddedModel.SCALER);
        assertEquals("models/digits.chrl", DigitsEmbeddedModel.WEIGHTS);

        Dataset all = digits();
        float[] x = new float[DigitsModel.INPUTS];
        float[] expected = new float[DigitsModel.OUTPUTS];
        float[] actual = new float[DigitsModel.OUTPUTS];
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) all.feature(i, j);
            }
            DigitsEmbeddedModel.SCALER.transformRow(x, 0);
            training.predict(x, 0, expected);
            for (FloatPredictor model : new FloatPredictor[] {loaded, embedded}) {
                model.predict(x, 0, actual);
                assertArrayEquals(bits(expected), bits(actual), "image " + i);
            }
        }

        // the digits command's test split and accuracy (README: 0.9779, 265/271)
        Dataset test = DigitsEmbeddedModel.SCALER.transform(Split.stratified(all, 0.7, 0.15, 42).test());
        int correct = 0;
        float[] features = test.floatFeatures();
        for (int i = 0; i < test.size(); i++) {
            embedded.predict(features, i * DigitsModel.INPUTS, actual);
            int best = 0;
            for (int k = 1; k < actual.length; k++) {
                best = actual[k] > actual[best] ? k : best;
            }
            correct += best == test.labels()[i] ? 1 : 0;
        }
        assertEquals(271, test.size());
        assertEquals(265, correct);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /**
     * The MNIST-shaped inference class: every byte it holds, array headers included, is allocated
     * by its constructor, and that is at most 1.1 x its parameter bytes.
     */
    @Test
    void mnistInferenceClassHoldsLittleMoreThanItsParameters() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        new MnistInferenceModel(); // loads the classes
        new MnistModel();
        threads.getThreadAllocatedBytes(id);
        long before = threads.getThreadAllocatedBytes(id);
        MnistInferenceModel inference = new MnistInferenceModel();
        long heap = threads.getThreadAllocatedBytes(id) - before;
        before = threads.getThreadAllocatedBytes(id);
        MnistModel training = new MnistModel();
        long trainingHeap = threads.getThreadAllocatedBytes(id) - before;
        long parameterBytes = 4L * MnistInferenceModel.PARAMETERS;
        System.out.printf("MNIST 784-128-10 float: %,d parameter bytes; the inference class allocates %,d bytes "
                        + "(%.3f x; FOOTPRINT_BYTES %,d), the training class %,d bytes (%.2f x; FOOTPRINT_BYTES %,d)%n",
                parameterBytes, heap, heap / (double) parameterBytes, MnistInferenceModel.FOOTPRINT_BYTES, trainingHeap,
                trainingHeap / (double) parameterBytes, MnistModel.FOOTPRINT_BYTES);
        assertTrue(heap <= 1.1 * parameterBytes, heap + " bytes");
        assertTrue(heap >= MnistInferenceModel.FOOTPRINT_BYTES);
        assertEquals(training.architecture(), inference.architecture());
    }
}
