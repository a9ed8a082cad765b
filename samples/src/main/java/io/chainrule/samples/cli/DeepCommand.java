package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Evaluation;
import io.chainrule.train.EpochStats;
import io.chainrule.train.GradientHealth;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * Vanishing gradients and residual connections: trains {@code DeepPlainModel} (30 layers, 29
 * sigmoid hidden layers, no skip connections) and {@code DeepResidualModel} (the same with
 * residual connections) on the digits, with the split and scaling of {@link DigitsCommand}. With
 * the trainer watching gradients it prints each epoch of both, then both networks' per-layer
 * gradient norms after the first epoch side by side and their test accuracies; it writes both
 * model files and {@code <out>/deep-gradients.png} (gradient norm per layer, dev accuracy per
 * epoch). No early stopping by default: both run all epochs, for the comparison.
 */
@DesktopOnly
@Command(name = "deep",
        description = "Train 30-layer sigmoid networks on the 8x8 digits, plain and residual, and compare their gradient norms per layer.")
class DeepCommand extends DigitsCommand {
    /** A layer whose gradient norm is below this times the last layer's is reported as vanishing. */
    static final double VANISHING_RATIO = 1e-4;
    /** A layer whose gradient norm is above this is reported as exploding. */
    static final double EXPLODING_NORM = 1e3;

    /** The networks trained, in this order. */
    List<SampleModel> networks() {
        return Arrays.asList(SampleModel.DEEP_PLAIN, SampleModel.DEEP_RESIDUAL);
    }

    /** The short name of {@code sample} in the output. */
    String label(SampleModel sample) {
        return sample == SampleModel.DEEP_PLAIN ? "plain" : "residual";
    }

    /** What {@code sample} is, after its architecture. */
    String note(SampleModel sample) {
        return sample == SampleModel.DEEP_PLAIN ? "no skip connections"
                : "layers 2-29 residual, branches scaled by α = 1/sqrt(28) = 0.189";
    }

    @Override
    SampleModel sample() {
        return SampleModel.DEEP_RESIDUAL;
    }

    @Override
    Defaults defaults() {
        return new Defaults(20, 16, 0.003, OptimizerChoice.ADAM, 0);
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PrintWriter log = spec.commandLine().getOut();
        Data data = load();
        makeOutputDirectory();
        String command = spec.name();
        log.printf("%s: %d train / %d dev / %d test examples of the 8x8 digits%n", command, size(data.train),
                size(data.dev), size(data.test));
        log.println(settings(data) + ", watching gradients");
        List<String> labels = new ArrayList<>();
        List<FloatModel> models = new ArrayList<>();
        List<TrainingResult> results = new ArrayList<>();
        List<GradientHealth> firstEpoch = new ArrayList<>();
        boolean single = networks().size() == 1;
        for (SampleModel sample : networks()) {
            FloatModel model = sample.newModel();
            String label = label(sample);
            log.printf("%s: %s, %d layers, %d parameters; %s%n", label, model.architecture(), model.layerCount(),
                    model.parameterCount(), note(sample));
            log.flush();
            model.initialize(seed);
            Watch watch = new Watch(log, new Progress(log, epochs, showProgressBar()), single ? label : null);
            TrainerConfig.Builder config = trainerConfig(data, watch).watchGradients(VANISHING_RATIO, EXPLODING_NORM);
            long start = System.nanoTime();
            TrainingResult result = new Trainer(config.build()).train(model, data.train, data.dev, data.test);
            Report.printStop(log, result);
            log.printf("%s: test accuracy %.4f, trained in %.1f s%n", label, result.testEvaluation().accuracy(),
                    (System.nanoTime() - start) / 1e9);
            labels.add(label);
            models.add(model);
            results.add(result);
            firstEpoch.add(result.history().get(0).gradientHealth());
        }
        if (!single) {
            log.println("gradient norms at the last step of epoch 1, per layer");
            GradientTable.print(log, labels, firstEpoch);
        }
        StringBuilder summary = new StringBuilder("test accuracy:");
        for (int k = 0; k < labels.size(); k++) {
            Evaluation test = results.get(k).testEvaluation();
            summary.append(String.format(" %s %.4f (%d/%d)%s", labels.get(k), test.accuracy(),
                    Math.round(test.accuracy() * test.size()), test.size(), k < labels.size() - 1 ? "," : ""));
        }
        log.println(summary);

        List<File> written = new ArrayList<>();
        for (int k = 0; k < models.size(); k++) {
            File modelFile = new File(out, networks().get(k) + ".chrl");
            ModelFile.save(models.get(k), data.scaler, modelFile);
            written.add(modelFile);
        }
        File plot = new File(out, command + "-gradients.png");
        GradientPlot.write(plot, labels, firstEpoch, "after epoch 1", results);
        written.add(plot);
        StringBuilder files = new StringBuilder("wrote");
        for (int k = 0; k < written.size(); k++) {
            files.append(k == 0 ? " " : k == written.size() - 1 ? " and " : ", ").append(written.get(k));
        }
        log.println(files);
        log.flush();
        return 0;
    }

    /**
     * The epoch lines of {@link Progress}, plus what the watched gradients show: after the first
     * epoch with problems (vanishing or exploding layers), the first problem and how many layers
     * have one, and after the first epoch without them again, that they are gone; for a network
     * trained alone, the per-layer table after the first epoch.
     */
    @DesktopOnly
    static final class Watch implements TrainingListener {
        private final PrintWriter log;
        private final Progress progress;
        private final String tableLabel;
        private List<String> problems = Collections.emptyList();
        private boolean reported;

        /** @param tableLabel the network's name, to print its table after epoch 1; null for none */
        Watch(PrintWriter log, Progress progress, String tableLabel) {
            this.log = log;
            this.progress = progress;
            this.tableLabel = tableLabel;
        }

        @Override
        public void onEpochStart(int epoch, int steps) {
            problems = Collections.emptyList();
            progress.onEpochStart(epoch, steps);
        }

        @Override
        public void onStep(int epoch, int step, double batchLoss) {
            progress.onStep(epoch, step, batchLoss);
        }

        @Override
        public void onGradientProblems(int epoch, List<String> found) {
            problems = found;
        }

        @Override
        public void onEpochEnd(EpochStats stats) {
            progress.onEpochEnd(stats);
            int epoch = stats.epoch() + 1;
            if (problems.isEmpty() == reported) {
                if (problems.isEmpty()) {
                    log.printf("gradient watch, epoch %d: no more vanishing or exploding gradients%n", epoch);
                } else {
                    log.printf("gradient watch, epoch %d: %s%s%n", epoch, problems.get(0),
                            problems.size() > 1 ? " (and " + (problems.size() - 1) + " more layers)" : "");
                }
                reported = !problems.isEmpty();
            }
            if (epoch == 1 && tableLabel != null) {
                log.println("gradient norms at the last step of epoch 1, per layer");
                GradientTable.print(log, Arrays.asList(tableLabel), Arrays.asList(stats.gradientHealth()));
            }
            log.flush();
        }
    }
}
