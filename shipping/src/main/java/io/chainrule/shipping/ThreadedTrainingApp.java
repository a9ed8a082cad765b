package io.chainrule.shipping;

import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.train.Momentum;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * A second tiny app, for the one place where the runtime uses reflection: data-parallel training
 * makes the worker threads' model copies with the model class's public no-argument constructor,
 * which this app never calls itself (it sizes the model's batch buffers to its batch size,
 * {@code new DigitsModel(batchSize)}), so only the runtime's consumer keep rule keeps it through R8.
 *
 * <p>{@code ThreadedTrainingApp DATA_FILE MODEL_FILE BATCH_SIZE}. The data holds an {@code int}
 * count {@code n}, then {@code n} examples of 64 scaled pixels ({@code float}) and a label
 * ({@code int}); trains 2 epochs on 2 threads, seed 42, each batch in two chunks (the threads share
 * a batch only when it has two chunks or more), and saves the model.
 */
public final class ThreadedTrainingApp {
    private ThreadedTrainingApp() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ThreadedTrainingApp DATA_FILE MODEL_FILE BATCH_SIZE");
            System.exit(2);
        }
        int batchSize = Integer.parseInt(args[2]);
        float[] features;
        int[] labels;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(args[0])))) {
            int n = in.readInt();
            features = new float[n * DigitsModel.INPUTS];
            labels = new int[n];
            for (int row = 0; row < n; row++) {
                for (int i = 0; i < DigitsModel.INPUTS; i++) {
                    features[row * DigitsModel.INPUTS + i] = in.readFloat();
                }
                labels[row] = in.readInt();
            }
        }
        Dataset train = Dataset.ofLabels(features, DigitsModel.INPUTS, labels, DigitsModel.CLASSES);
        DigitsModel model = new DigitsModel(batchSize);
        model.initialize(42);
        TrainerConfig config = TrainerConfig.builder()
                .epochs(2).batchSize(batchSize).seed(42).optimizer(new Momentum(0.9)).learningRate(0.05)
                .threads(2).chunkSize((batchSize + 1) / 2)
                .build();
        TrainingResult result = new Trainer(config).train(model, train);
        ModelFile.save(model, Scaler.NONE, new File(args[1]));
        System.out.println("trained " + result.epochsRun() + " epochs on 2 threads, last train loss "
                + result.lastEpoch().trainLoss());
    }
}
