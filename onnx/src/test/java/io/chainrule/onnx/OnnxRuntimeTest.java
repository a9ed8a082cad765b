package io.chainrule.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.io.Safetensors;
import io.chainrule.processor.GradientSuite;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every network of the gradient-check suite (every activation × loss head, the residual layouts,
 * every code shape; in double and in float), exported and run in ONNX Runtime 1.20 on a batch of
 * inputs: its outputs equal the model's {@code predict} to {@value #FLOAT_TOLERANCE} (float) and
 * {@value #DOUBLE_TOLERANCE} (double) relative to the example's largest output, or absolutely if
 * every output is below 1 in magnitude (probabilities; values that are sums cancelling to near 0,
 * whose relative error says nothing about the export). ONNX Runtime sums its products in another
 * order, so float outputs differ by rounding that grows with depth: at most 7.5e-7 over the suite's
 * networks of up to 4 layers, 1.1e-6 with its 7-layer identity network of projected skips (about 17
 * float ulps of that output); an export error (a weight misplaced, a layer missing) is orders of
 * magnitude larger.
 */
class OnnxRuntimeTest {
    static final double FLOAT_TOLERANCE = 2e-6;
    static final double DOUBLE_TOLERANCE = 1e-12;
    static final int ROWS = 32;

    private static double worstFloat;
    private static double worstDouble;
    private static double worstFloatElementwise;
    private static double worstDoubleElementwise;

    @TestFactory
    Stream<DynamicTest> onnxRuntimePredictsWhatTheModelPredicts() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        return GradientSuite.networks().stream().map(network -> DynamicTest.dynamicTest(network.name(), () -> {
            Model model = network.newModel();
            Random random = new Random(network.name().hashCode());
            randomize(model, random);
            byte[] onnx = OnnxExport.toBytes(model, Collections.emptyMap());
            double[][] x = new double[ROWS][model.inputSize()];
            for (double[] row : x) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextDouble() * 2 - 1;
                }
            }
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
                assertEquals(model.architecture(),
                        session.getMetadata().getCustomMetadata().get(Safetensors.ARCHITECTURE_KEY));
                double[][] ort = run(env, session, model, x);
                double[] expected = new double[model.outputSize()];
                for (int r = 0; r < ROWS; r++) {
                    predict(model, x[r], expected);
                    double scale = 1;
                    for (double e : expected) {
                        scale = Math.max(scale, Math.abs(e));
                    }
                    for (int k = 0; k < expected.length; k++) {
                        double error = Math.abs(ort[r][k] - expected[k]);
                        double relative = error / scale;
                        double elementwise = error / Math.max(Math.abs(expected[k]), Double.MIN_NORMAL);
                        boolean isFloat = model.precision() == Precision.FLOAT;
                        record(isFloat, relative, elementwise);
                        assertTrue(relative <= (isFloat ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE), network.name()
                                + ": row " + r + " output " + k + ": ONNX Runtime " + ort[r][k] + ", model "
                                + expected[k] + " (relative error " + relative + ")");
                    }
                }
            }
        }));
    }

    @AfterAll
    static void report() {
        System.out.printf("ONNX Runtime vs predict, worst error relative to max(1, the example's largest output): float %.3g,"
                + " double %.3g; elementwise: float %.3g, double %.3g%n", worstFloat, worstDouble,
                worstFloatElementwise, worstDoubleElementwise);
    }

    private static synchronized void record(boolean isFloat, double relative, double elementwise) {
        if (isFloat) {
            worstFloat = Math.max(worstFloat, relative);
            worstFloatElementwise = Math.max(worstFloatElementwise, elementwise);
        } else {
            worstDouble = Math.max(worstDouble, relative);
            worstDoubleElementwise = Math.max(worstDoubleElementwise, elementwise);
        }
    }

    /**
     * Parameters as the gradient check draws them (Gaussian, standard deviation 0.6, biases
     * included); inputs, as there, uniform in [-1, 1].
     */
    static void randomize(Model model, Random random) {
        if (model instanceof FloatModel) {
            for (float[] p : ((FloatModel) model).parameterArrays()) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) (random.nextGaussian() * 0.6);
                }
            }
        } else {
            for (double[] p : ((DoubleModel) model).parameterArrays()) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextGaussian() * 0.6;
                }
            }
        }
    }

    static void predict(Model model, double[] x, double[] out) {
        if (model instanceof DoubleModel) {
            ((DoubleModel) model).predict(x, 0, out);
            return;
        }
        float[] xf = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            xf[j] = (float) x[j];
        }
        float[] o = new float[out.length];
        ((FloatModel) model).predict(xf, 0, o);
        for (int k = 0; k < o.length; k++) {
            out[k] = o[k];
        }
    }

    /** The graph's output for every row, run as one batch. */
    static double[][] run(OrtEnvironment env, OrtSession session, Model model, double[][] x) throws OrtException {
        int n = x.length;
        int in = model.inputSize();
        long[] shape = {n, in};
        OnnxTensor tensor;
        if (model.precision() == Precision.FLOAT) {
            FloatBuffer b = FloatBuffer.allocate(n * in);
            for (double[] row : x) {
                for (double v : row) {
                    b.put((float) v);
                }
            }
            b.flip();
            tensor = OnnxTensor.createTensor(env, b, shape);
        } else {
            DoubleBuffer b = DoubleBuffer.allocate(n * in);
            for (double[] row : x) {
                b.put(row);
            }
            b.flip();
            tensor = OnnxTensor.createTensor(env, b, shape);
        }
        try (OnnxTensor input = tensor; OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            Object value = result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
            double[][] out = new double[n][];
            for (int r = 0; r < n; r++) {
                if (value instanceof float[][]) {
                    float[] row = ((float[][]) value)[r];
                    out[r] = new double[row.length];
                    for (int k = 0; k < row.length; k++) {
                        out[r][k] = row[k];
                    }
                } else {
                    out[r] = ((double[][]) value)[r].clone();
                }
            }
            return out;
        }
    }
}
