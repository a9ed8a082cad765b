package io.chainrule.samples.cli;

import io.chainrule.train.EpochStats;
import io.chainrule.train.TrainingResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the training curve of a run as a PNG (JFreeChart, headless): training and development
 * loss per epoch and, for classification, training and development accuracy below them. An
 * infinite loss (a development example that overflows the network) is left out of the curve.
 */
@DesktopOnly
final class TrainingCurve {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    private TrainingCurve() {
    }

    /** Writes the curve of {@code result} to {@code png}, titled {@code title}. */
    static void write(TrainingResult result, String title, File png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYSeries trainLoss = new XYSeries("train");
        XYSeries devLoss = new XYSeries("dev");
        XYSeries trainAccuracy = new XYSeries("train");
        XYSeries devAccuracy = new XYSeries("dev");
        for (EpochStats s : result.history()) {
            int epoch = s.epoch() + 1;
            addIfNumber(trainLoss, epoch, s.trainLoss());
            addIfNumber(devLoss, epoch, s.devLoss());
            addIfNumber(trainAccuracy, epoch, s.trainAccuracy());
            addIfNumber(devAccuracy, epoch, s.devAccuracy());
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        plot.add(subplot("loss", trainLoss, devLoss, false), 3);
        if (!trainAccuracy.isEmpty() || !devAccuracy.isEmpty()) {
            plot.add(subplot("accuracy", trainAccuracy, devAccuracy, true), 2);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png, chart, WIDTH, HEIGHT);
    }

    private static XYPlot subplot(String label, XYSeries train, XYSeries dev, boolean accuracy) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        if (!dev.isEmpty()) {
            data.addSeries(dev);
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(!accuracy);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesVisibleInLegend(0, !accuracy);
        renderer.setSeriesVisibleInLegend(1, !accuracy);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    /** Adds the point unless {@code value} is NaN (no accuracy for regression) or infinite (a loss that overflowed). */
    private static void addIfNumber(XYSeries series, int epoch, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            series.add(epoch, value);
        }
    }
}
