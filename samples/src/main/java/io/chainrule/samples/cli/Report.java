package io.chainrule.samples.cli;

import io.chainrule.train.Evaluation;
import io.chainrule.train.TrainingResult;
import java.io.PrintWriter;
import java.util.function.IntFunction;

/** Prints the end of a training run: how it stopped and the test metrics. */
@DesktopOnly
final class Report {
    private Report() {
    }

    /** How training ended, then the test metrics of {@code result}, classes named by {@code classNames}. */
    static void print(PrintWriter out, IntFunction<String> classNames, TrainingResult result) {
        printStop(out, result);
        Evaluation test = result.testEvaluation();
        if (test.isClassification()) {
            classification(out, classNames, test);
        } else {
            out.printf("test: mse %.4f  mae %.4f  (%d examples)%n", test.meanSquaredError(),
                    test.meanAbsoluteError(), test.size());
        }
        out.flush();
    }

    /** Whether training stopped early, and whose weights it kept (epochs from 1, as the progress lines count). */
    static void printStop(PrintWriter out, TrainingResult result) {
        if (result.stoppedEarly()) {
            if (result.bestEpoch() >= 0) {
                out.printf("stopped early after epoch %d: no better dev loss since epoch %d%n", result.epochsRun(),
                        result.bestEpoch() + 1);
            } else {
                out.printf("stopped early after epoch %d: the dev loss was never finite%n", result.epochsRun());
            }
        }
        if (result.restoredBestWeights()) {
            out.printf("restored the weights of epoch %d (lowest dev loss)%n", result.bestEpoch() + 1);
        }
    }

    private static void classification(PrintWriter out, IntFunction<String> sample, Evaluation test) {
        int[][] confusion = test.confusionMatrix();
        int classes = confusion.length;
        int correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += confusion[c][c];
        }
        out.printf("test accuracy %.4f (%d/%d), loss %.4f, macro F1 %.4f%n", test.accuracy(), correct,
                test.size(), test.meanLoss(), test.macroF1());
        int width = 5;
        for (int c = 0; c < classes; c++) {
            width = Math.max(width, sample.apply(c).length());
        }
        out.printf("%" + width + "s  precision  recall      f1  support%n", "class");
        for (int c = 0; c < classes; c++) {
            int support = 0;
            for (int p = 0; p < classes; p++) {
                support += confusion[c][p];
            }
            out.printf("%" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n", sample.apply(c), test.precision(c),
                    test.recall(c), test.f1(c), support);
        }
        out.println("confusion matrix (rows: actual, columns: predicted)");
        StringBuilder header = new StringBuilder(String.format("%" + width + "s", ""));
        for (int p = 0; p < classes; p++) {
            header.append(String.format(" %4.4s", sample.apply(p)));
        }
        out.println(header);
        for (int a = 0; a < classes; a++) {
            StringBuilder row = new StringBuilder(String.format("%" + width + "s", sample.apply(a)));
            for (int p = 0; p < classes; p++) {
                row.append(String.format(" %4d", confusion[a][p]));
            }
            out.println(row);
        }
    }
}
