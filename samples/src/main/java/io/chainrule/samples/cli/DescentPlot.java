package io.chainrule.samples.cli;

import io.chainrule.io.AtomicFile;
import io.chainrule.train.EpochStats;
import io.chainrule.train.TrainingResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The curves of {@link DescentCommand}: each run writes its own ({@code descent-<mode>.csv}: epoch,
 * steps so far, training loss, dev loss, dev accuracy), and the plot draws every mode's curve
 * found in the output directory, training loss above and dev accuracy below, per epoch.
 */
@DesktopOnly
final class DescentPlot {
    private static final String HEADER = "epoch,steps,train_loss,dev_loss,dev_accuracy";
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};

    private DescentPlot() {
    }

    /** Writes the curve of {@code result} ({@code steps} per epoch) to {@code csv}, atomically. */
    static void writeCurve(TrainingResult result, int steps, File csv) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (EpochStats s : result.history()) {
            text.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n", s.epoch() + 1, (long) steps * (s.epoch() + 1),
                    s.trainLoss(), s.devLoss(), s.devAccuracy()));
        }
        AtomicFile.write(csv, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Draws the curves of every mode with a file in {@code dir} into {@code png} and returns their
     * names, for example {@code batch, online}.
     */
    static String write(File dir, File png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYSeriesCollection losses = new XYSeriesCollection();
        XYSeriesCollection accuracies = new XYSeriesCollection();
        List<String> modes = new ArrayList<String>();
        for (DescentCommand.Mode mode : DescentCommand.Mode.values()) {
            File csv = new File(dir, "descent-" + mode + ".csv");
            if (!csv.isFile()) {
                continue;
            }
            XYSeries loss = new XYSeries(mode.toString());
            XYSeries accuracy = new XYSeries(mode.toString());
            List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length != 5) {
                    throw new IOException(csv + ": not a curve written by the descent command (line '" + line + "')");
                }
                try {
                    int epoch = Integer.parseInt(f[0]);
                    loss.add(epoch, Double.parseDouble(f[2]));
                    accuracy.add(epoch, Double.parseDouble(f[4]));
                } catch (NumberFormatException e) {
                    throw new IOException(csv + ": not a curve written by the descent command (line '" + line + "')");
                }
            }
            losses.addSeries(loss);
            accuracies.addSeries(accuracy);
            modes.add(mode.toString());
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        plot.add(subplot("training loss", losses, true), 3);
        plot.add(subplot("dev accuracy", accuracies, false), 2);
        JFreeChart chart = new JFreeChart("batch, online and minibatch gradient descent: digits 64-32-10, plain SGD",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFile.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 800, 600));
        return String.join(", ", modes);
    }

    private static XYPlot subplot(String label, XYSeriesCollection data, boolean legend) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(legend);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String name = (String) data.getSeriesKey(s);
            Color color = COLORS[DescentCommand.Mode.valueOf(name.toUpperCase(Locale.ROOT)).ordinal()];
            renderer.setSeriesPaint(s, color);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            renderer.setSeriesVisibleInLegend(s, legend);
        }
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
