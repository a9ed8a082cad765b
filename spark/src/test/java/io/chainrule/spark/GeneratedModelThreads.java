package io.chainrule.spark;

import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.spark.samples.DigitsRelu;
import io.chainrule.train.Adam;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Trains a generated model (the sample's 64-32-10 digits network, LOOPS, batched path) with 1, 2, 3
 * and 16 threads over chunks of 8 and prints the SHA-256 of each model file, one line per thread
 * count; run as a program in another JVM (for example {@code -Xint}) to compare JVMs.
 */
public final class GeneratedModelThreads {
    static final int[] THREADS = {1, 2, 3, 16};

    private GeneratedModelThreads() {
    }

    static String report() throws IOException {
        Random random = new Random(5);
        int n = 600;
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = (float) (random.nextInt(17) / 16.0 + (j % 10 == y[i] ? 0.5 : 0));
            }
        }
        Dataset data = Dataset.ofLabels(x, 64, y, 10);
        StringBuilder out = new StringBuilder();
        for (int threads : THREADS) {
            DigitsRelu model = new DigitsRelu();
            model.initialize(42);
            new Trainer(TrainerConfig.builder().threads(threads).batchSize(64).chunkSize(8).epochs(2).seed(3)
                    .optimizer(new Adam()).learningRate(0.01).clipGradientNorm(5).build()).train(model, data);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelFile.write(model, Scaler.NONE, bytes);
            out.append(threads).append(' ').append(hex(bytes.toByteArray())).append('\n');
        }
        return out.toString();
    }

    private static String hex(byte[] bytes) {
        try {
            StringBuilder s = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                s.append(String.format("%02x", b & 0xff));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        System.out.print(report());
    }
}
