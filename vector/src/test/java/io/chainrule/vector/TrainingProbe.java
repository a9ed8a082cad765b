package io.chainrule.vector;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.kernel.Products;
import io.chainrule.train.Adam;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Trains {@link WideFloat} and {@link WideDouble} in minibatches of 32 on one and two threads
 * (chunks of 8), online with Adam (one example per step: the per-example forward product and
 * weight gradient), and online with the generated {@code sgdStep} (the per-example SGD step), and
 * prints the products in use and the SHA-256 of each model file, one line each: {@code products
 * <description>}, then {@code float 1 <hex>} and so on. Run as a program with and without the
 * Vector API module, so a test can compare the files.
 */
public final class TrainingProbe {
    private TrainingProbe() {
    }

    static String report() throws IOException, NoSuchAlgorithmException {
        StringBuilder out = new StringBuilder("products ").append(Products.describe()).append('\n');
        Random random = new Random(7);
        float[] x = new float[300 * 57];
        int[] labels = new int[300];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextFloat() * 2 - 1;
        }
        for (int k = 0; k < labels.length; k++) {
            labels[k] = random.nextInt(4);
        }
        double[] xd = new double[250 * 33];
        double[] targets = new double[250 * 2];
        for (int k = 0; k < xd.length; k++) {
            xd[k] = random.nextGaussian();
        }
        for (int k = 0; k < targets.length; k++) {
            targets[k] = random.nextGaussian();
        }
        Dataset classes = Dataset.ofLabels(x, 57, labels, 4);
        Dataset values = Dataset.ofTargets(xd, 33, targets, 2);
        for (int threads : new int[] {1, 2}) {
            WideFloatModel model = new WideFloatModel();
            model.initialize(3);
            new Trainer(config(threads).replicaFactory(WideFloatModel::new).build()).train(model, classes);
            out.append("float ").append(threads).append(' ').append(digest(model)).append('\n');
        }
        for (int threads : new int[] {1, 2}) {
            WideDoubleModel model = new WideDoubleModel();
            model.initialize(4);
            new Trainer(config(threads).replicaFactory(WideDoubleModel::new).build()).train(model, values);
            out.append("double ").append(threads).append(' ').append(digest(model)).append('\n');
        }
        WideFloatModel online = new WideFloatModel();
        online.initialize(5);
        new Trainer(config(1).batchSize(1).epochs(1).build()).train(online, classes);
        out.append("float online ").append(digest(online)).append('\n');
        WideDoubleModel onlineDouble = new WideDoubleModel();
        onlineDouble.initialize(6);
        new Trainer(config(1).batchSize(1).epochs(1).build()).train(onlineDouble, values);
        out.append("double online ").append(digest(onlineDouble)).append('\n');
        WideFloatModel sgd = new WideFloatModel();
        sgd.initialize(7);
        for (int k = 0; k < labels.length; k++) {
            sgd.sgdStep(x, k * 57, labels[k], 0.01f);
        }
        out.append("float sgdStep ").append(digest(sgd)).append('\n');
        WideDoubleModel sgdDouble = new WideDoubleModel();
        sgdDouble.initialize(8);
        for (int k = 0; k < 250; k++) {
            sgdDouble.sgdStep(xd, k * 33, targets, k * 2, 0.01);
        }
        out.append("double sgdStep ").append(digest(sgdDouble)).append('\n');
        return out.toString();
    }

    private static TrainerConfig.Builder config(int threads) {
        return TrainerConfig.builder().threads(threads).batchSize(32).chunkSize(8).epochs(3).seed(5)
                .optimizer(new Adam(0.9, 0.999, 1e-8, 0)).learningRate(0.01);
    }

    static String digest(Model model) throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.write(model, Scaler.NONE, bytes);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    /** Prints {@link #report()}. */
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        System.out.print(report());
    }
}
