package io.chainrule.samples.cli;

import io.chainrule.train.EpochStats;
import io.chainrule.train.Evaluation;
import io.chainrule.train.TrainingListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal, a progress bar per epoch (on stderr, by the
 * {@code progressbar} library); always, a line per epoch with the training and development loss
 * and accuracy (or mean absolute error). With many epochs only about 25 epoch lines are printed.
 */
@DesktopOnly
final class Progress implements TrainingListener {
    private final PrintWriter out;
    private final int epochs;
    private final boolean bar;
    private final int every;
    private ProgressBar current;

    /**
     * @param out where the epoch lines go
     * @param epochs the configured maximum number of epochs
     * @param bar true to draw progress bars (only on a terminal)
     */
    Progress(PrintWriter out, int epochs, boolean bar) {
        this.out = out;
        this.epochs = epochs;
        this.bar = bar;
        this.every = Math.max(1, (epochs + 24) / 25);
    }

    @Override
    public void onEpochStart(int epoch, int steps) {
        if (bar) {
            current = new ProgressBarBuilder()
                    .setTaskName(String.format("epoch %" + digits(epochs) + "d/%d", epoch + 1, epochs))
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(100)
                    .clearDisplayOnFinish()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
        }
    }

    @Override
    public void onStep(int epoch, int step, double batchLoss) {
        if (current != null) {
            current.stepTo(step + 1L);
        }
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
        if (current != null) {
            current.close();
            current = null;
        }
        int epoch = stats.epoch() + 1;
        if (epoch % every != 0 && epoch != epochs && epoch != 1) {
            return;
        }
        StringBuilder line = new StringBuilder();
        line.append(String.format("epoch %" + digits(epochs) + "d/%d  train loss %.4f", epoch, epochs,
                stats.trainLoss()));
        append(line, " acc", stats.trainEvaluation());
        if (stats.devEvaluation() != null) {
            line.append(String.format("  dev loss %.4f", stats.devLoss()));
            append(line, " acc", stats.devEvaluation());
        }
        line.append(String.format("  %.2f s", stats.nanos() / 1e9));
        if (stats.improved()) {
            line.append("  *");
        }
        out.println(line);
        out.flush();
    }

    /** Appends the accuracy (classification) or mean absolute error (regression) of {@code e}. */
    private static void append(StringBuilder line, String label, Evaluation e) {
        if (e == null) {
            return;
        }
        if (e.isClassification()) {
            line.append(String.format("%s %.4f", label, e.accuracy()));
        } else {
            line.append(String.format(" mae %.4f", e.meanAbsoluteError()));
        }
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
