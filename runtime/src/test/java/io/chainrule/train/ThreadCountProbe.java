package io.chainrule.train;

import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import io.chainrule.io.ModelFile;
import io.chainrule.data.Scaler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Trains a float classifier (Adam, clipping) and a double regressor (Nesterov, weight decay) with
 * 1, 2, 3 and 16 threads over chunks, and reports the SHA-256 of each model file. Run as a program
 * (for example with {@code -Xint} or on another JDK) it prints one line per model and thread count,
 * {@code float 16 <hex>}, so a test can compare JVMs.
 */
public final class ThreadCountProbe {
    /** The thread counts every run trains with. */
    static final int[] THREADS = {1, 2, 3, 16};

    private ThreadCountProbe() {
    }

    /** The lines described above. */
    static String report() throws IOException {
        StringBuilder out = new StringBuilder();
        Dataset blobs = SyntheticData.blobs(203, 9).toPrecision(Precision.FLOAT);
        Dataset line = SyntheticData.line(157, 6);
        for (int threads : THREADS) {
            FloatLinearModel classifier = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            classifier.initialize(21);
            new Trainer(TrainerConfig.builder().threads(threads).batchSize(24).chunkSize(5).epochs(3).seed(4)
                    .optimizer(new Adam(0.9, 0.999, 1e-8, 1e-4)).learningRate(0.02).clipGradientNorm(0.7)
                    .replicaFactory(() -> new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY)).build())
                    .train(classifier, blobs);
            out.append("float ").append(threads).append(' ').append(digest(classifier)).append('\n');
        }
        for (int threads : THREADS) {
            DoubleLinearModel regressor = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
            regressor.initialize(22);
            new Trainer(TrainerConfig.builder().threads(threads).fullBatch().chunkSize(7).epochs(4).seed(4)
                    .optimizer(new Momentum(0.9, true, 1e-3)).learningRate(0.05)
                    .replicaFactory(() -> new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR)).build())
                    .train(regressor, line);
            out.append("double ").append(threads).append(' ').append(digest(regressor)).append('\n');
        }
        return out.toString();
    }

    /** The SHA-256 of {@code model}'s model file, in hex. */
    static String digest(Model model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.write(model, Scaler.NONE, bytes);
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints {@link #report()}. */
    public static void main(String[] args) throws IOException {
        System.out.print(report());
    }
}
