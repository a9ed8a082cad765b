package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.train.EpochStats;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Batch, online and minibatch gradient descent on the digits network ({@code DigitsModel}, the
 * split and scaling of {@link DigitsCommand}), one mode per run: plain SGD, the same learning rate,
 * seed and epochs, only the batch size differs (the whole training set, 1 example, 16 examples).
 * Each run prints its epochs and writes its curve to {@code <out>/descent-<mode>.csv}, then draws
 * every mode's curve found there into {@code <out>/descent.png} ({@link DescentPlot}), so that after
 * the three runs the plot shows the three side by side.
 */
@DesktopOnly
@Command(name = "descent",
        description = "Train the digits network by batch, online or minibatch gradient descent (plain SGD; only the batch"
                + " size differs) and plot every mode run so far in one picture.")
final class DescentCommand extends DigitsCommand {
    /** The three forms of gradient descent. */
    enum Mode {
        /** Every step uses the whole training set: one step per epoch. */
        BATCH,
        /** Every step uses one example (stochastic gradient descent in its original sense). */
        ONLINE,
        /** Every step uses 16 examples. */
        MINIBATCH;

        /** The batch size of this mode for a training set of {@code examples}. */
        int batchSize(int examples) {
            return this == BATCH ? examples : this == ONLINE ? 1 : MINIBATCH_SIZE;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The minibatch mode's batch size. */
    static final int MINIBATCH_SIZE = 16;

    @Parameters(index = "0", paramLabel = "MODE", description = "batch, online or minibatch.",
            converter = ModeNames.class)
    Mode mode;

    @Override
    Defaults defaults() {
        return new Defaults(30, MINIBATCH_SIZE, 0.1, OptimizerChoice.SGD, 0);
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PrintWriter log = spec.commandLine().getOut();
        Data data = load();
        makeOutputDirectory();
        boolean batchGiven = spec.commandLine().getParseResult().hasMatchedOption("--batch-size");
        int batch = batchGiven ? batchSize : mode.batchSize(data.train.size());
        FloatModel model = SampleModel.DIGITS.newModel();
        int steps = (data.train.size() + batch - 1) / batch;
        log.printf("descent %s: %s; %d train / %d dev / %d test examples%n", mode, model.architecture(),
                size(data.train), size(data.dev), size(data.test));
        log.printf("%s, learning rate %s, batch size %d (%d %s an epoch), seed %d%n", optimizer, learningRate, batch,
                steps, steps == 1 ? "step" : "steps", seed);
        log.flush();
        model.initialize(seed);
        TrainerConfig.Builder config = trainerConfig(data, new Progress(log, epochs, showProgressBar())).batchSize(batch);
        TrainingResult result = new Trainer(config.build()).train(model, data.train, data.dev, data.test);
        EpochStats last = result.history().get(result.history().size() - 1);
        log.printf(Locale.ROOT, "%s gradient descent: %d steps in %d epochs, train loss %.4f, test accuracy %.4f%n", mode,
                (long) steps * result.epochsRun(), result.epochsRun(), last.trainLoss(),
                result.testEvaluation().accuracy());
        File curve = new File(out, "descent-" + mode + ".csv");
        DescentPlot.writeCurve(result, steps, curve);
        File plot = new File(out, "descent.png");
        String shown = DescentPlot.write(out, plot);
        log.printf("wrote %s and %s (%s)%n", curve, plot, shown);
        log.flush();
        return 0;
    }

    /** Reads the mode names in lower case. */
    static final class ModeNames implements picocli.CommandLine.ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return LowerCaseNames.parse(Mode.class, value);
        }
    }
}
