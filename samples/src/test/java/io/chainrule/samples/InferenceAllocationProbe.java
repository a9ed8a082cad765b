package io.chainrule.samples;

import io.chainrule.FloatPredictor;
import io.chainrule.samples.digits.DigitsEmbeddedModel;
import io.chainrule.samples.digits.DigitsInferenceModel;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.samples.mnist.MnistInferenceModel;
import io.chainrule.samples.mnist.MnistModel;
import io.chainrule.samples.xor.XorInferenceModel;
import io.chainrule.samples.xor.XorModel;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Measures the bytes this thread allocates for {@code predict} and {@code predictBatch} calls of
 * the samples' inference classes and training classes after warm-up (16 examples a call: two
 * chunks of the inference classes' default 8, one of the training classes' 32): the smallest count
 * over up to {@value AllocationProbe#WINDOWS} windows
 * (see {@link AllocationProbe} for why). Run as a program so that a test can start it with
 * {@code -Xint}; prints the bytes per model and exits non-zero if any is not 0.
 */
public final class InferenceAllocationProbe {
    private InferenceAllocationProbe() {
    }

    /** Bytes allocated by {@code calls} predictions of 16 examples, one by one and as a batch, after {@code warmup} such calls. */
    static long bytesPerPrediction(FloatPredictor model, int warmup, int calls) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 16;
        float[] x = new float[n * model.inputSize()];
        float[] out = new float[n * model.outputSize()];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        run(model, x, out, n, warmup);
        long id = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(id); // the first call may load classes: not counted
        long least = Long.MAX_VALUE;
        for (int window = 0; window < AllocationProbe.WINDOWS && least > 0; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            run(model, x, out, n, calls);
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    /** {@code calls} times: the n examples one by one with {@code predict}, then all at once with {@code predictBatch}. */
    private static void run(FloatPredictor model, float[] x, float[] out, int n, int calls) {
        for (int c = 0; c < calls; c++) {
            for (int i = 0; i < n; i++) {
                model.predict(x, i * model.inputSize(), out);
            }
            model.predictBatch(x, 0, n, out, 0);
        }
    }

    /** The samples' inference classes (weights as constructed: zero, or compiled in) and training classes. */
    static FloatPredictor[] models() {
        return new FloatPredictor[] {new XorInferenceModel(), new DigitsInferenceModel(), new DigitsEmbeddedModel(),
            new MnistInferenceModel(), new XorModel(), new DigitsModel(), new MnistModel()};
    }

    public static void main(String[] args) {
        int warmup = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        boolean allZero = true;
        for (FloatPredictor model : models()) {
            long bytes = bytesPerPrediction(model, warmup, calls);
            System.out.println(model.getClass().getSimpleName() + ": " + bytes + " bytes");
            allZero &= bytes == 0;
        }
        System.exit(allZero ? 0 : 1);
    }
}
