package io.chainrule.samples;

import io.chainrule.FloatModel;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.samples.mnist.MnistModel;
import io.chainrule.samples.xor.XorModel;
import io.chainrule.train.Sgd;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/**
 * Measures the bytes this thread allocates for training steps (zero the gradients, loss and
 * gradient of a minibatch, SGD step; and the online step {@code sgdStep}) and for {@code predict}
 * calls, after warm-up. Run as a program so that a test can start it in a JVM with {@code -Xint},
 * where escape analysis cannot hide an allocation; prints the bytes per model and exits non-zero if
 * any is not 0.
 *
 * <p>The count is the smallest over up to {@value #WINDOWS} windows of the same steps, as in the
 * runtime's {@code io.chainrule.train.AllocationProbe}: a {@code new} on the training path
 * allocates in every window. What C2 does while the compiled code settles (its deoptimisations
 * allocate a few Strings on the thread being deoptimised) does not: on JDK 25 on a busy machine a
 * single window counted 56 bytes in two runs, and 128 bytes for XOR in another, the next window 0.
 * The two probes share this loop, not code: the runtime's drives package-private training sessions
 * and their worker threads, this one generated models.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    /** Measured windows at most; measuring stops at the first window that allocates nothing. */
    static final int WINDOWS = 4;

    private static final int[] ROWS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    /**
     * Bytes allocated by {@code steps} training steps of {@code model} example by example, as many
     * through {@code lossAndGradientBatch} and as many of 16 {@code sgdStep} calls, after
     * {@code warmup} steps of each: the smallest count over up to {@value #WINDOWS} such windows.
     */
    static long bytesPerTraining(FloatModel model, int warmup, int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 16;
        float[] x = new float[n * model.inputSize()];
        int[] labels = new int[n];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(model.classCount());
        }
        model.initialize(5);
        run(model, x, labels, warmup);
        long id = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(id); // the first call may load classes: not counted
        long least = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS && least > 0; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            run(model, x, labels, steps);
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    /**
     * The steps example by example, as many through the batched path (16 examples: one chunk of the
     * default 32), and as many of online steps, one per example.
     */
    private static void run(FloatModel model, float[] x, int[] labels, int steps) {
        runExampleByExample(model, x, labels, steps);
        runBatched(model, x, labels, steps);
        runOnline(model, x, labels, steps);
    }

    private static void runExampleByExample(FloatModel model, float[] x, int[] labels, int steps) {
        for (int s = 0; s < steps; s++) {
            model.zeroGradients();
            for (int i = 0; i < labels.length; i++) {
                model.lossAndGradient(x, i * model.inputSize(), labels[i]);
            }
            Sgd.step(model, 0.01 / labels.length);
        }
    }

    private static void runBatched(FloatModel model, float[] x, int[] labels, int steps) {
        for (int s = 0; s < steps; s++) {
            model.zeroGradients();
            model.lossAndGradientBatch(x, model.inputSize(), ROWS, 0, labels.length, labels);
            Sgd.step(model, 0.01 / labels.length);
        }
    }

    private static void runOnline(FloatModel model, float[] x, int[] labels, int steps) {
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < labels.length; i++) {
                model.sgdStep(x, i * model.inputSize(), labels[i], 0.01f);
            }
        }
    }

    /** A {@code predict(x, offset, out)} method of a model class. */
    interface Predictor {
        void predict(float[] x, int offset, float[] out);
    }

    /** The {@code predict} of one model class, with its input and output sizes. */
    record PredictCase(String name, int inputs, int outputs, Predictor predictor) {
        /** A training class's {@code predict}, its weights initialised with a fixed seed. */
        static PredictCase of(FloatModel model) {
            model.initialize(5);
            return new PredictCase(model.getClass().getSimpleName(), model.inputSize(), model.outputSize(), model::predict);
        }
    }

    /**
     * Every {@code predict} the allocation tests measure: the generated classes a phone or an embedded
     * JVM would run, one line each.
     */
    static List<PredictCase> predictCases() {
        return List.of(
                PredictCase.of(new XorModel()),
                PredictCase.of(new DigitsModel()),
                PredictCase.of(new MnistModel()));
    }

    /**
     * Bytes allocated by {@code calls} calls of {@code predict} on random inputs, after {@code warmup}
     * calls: the smallest count over up to {@value #WINDOWS} such windows, as for training.
     */
    static long bytesPerPredict(PredictCase c, int warmup, int calls) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] x = new float[4 * c.inputs()];
        float[] out = new float[c.outputs()];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        predict(c.predictor(), x, c.inputs(), out, warmup);
        long id = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(id); // the first call may load classes: not counted
        long least = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS && least > 0; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            predict(c.predictor(), x, c.inputs(), out, calls);
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    /** {@code calls} predictions, over the 4 examples of {@code x} in turn. */
    private static void predict(Predictor predictor, float[] x, int inputs, float[] out, int calls) {
        for (int i = 0; i < calls; i++) {
            predictor.predict(x, (i & 3) * inputs, out);
        }
    }

    public static void main(String[] args) {
        int warmup = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        boolean allZero = true;
        for (FloatModel model : new FloatModel[] {new XorModel(), new DigitsModel()}) {
            long bytes = bytesPerTraining(model, warmup, steps);
            System.out.println(model.architecture() + ": " + bytes + " bytes");
            allZero &= bytes == 0;
        }
        for (PredictCase c : predictCases()) {
            long bytes = bytesPerPredict(c, warmup, steps);
            System.out.println("predict " + c.name() + ": " + bytes + " bytes");
            allZero &= bytes == 0;
        }
        System.exit(allZero ? 0 : 1);
    }
}
