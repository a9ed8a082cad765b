package io.chainrule.samples.cli;

import io.chainrule.train.EpochStats;
import io.chainrule.train.GradientHealth;
import io.chainrule.train.TrainingResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws deep networks side by side as a PNG with two panels (JFreeChart, headless): on the left
 * the gradient norms per layer on a log scale ({@code |dL/dW|} solid, {@code |dL/dh|} dashed), on
 * the right the development accuracy per epoch.
 */
@DesktopOnly
final class GradientPlot {
    static final int WIDTH = 1200;
    static final int HEIGHT = 500;
    private static final Color[] COLORS = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c)};

    private GradientPlot() {
    }

    /**
     * Writes the plot to {@code png}.
     *
     * @param labels the networks' names
     * @param healths the gradient norms to draw, one per network
     * @param when what the norms are, for the panel's title (for example "after epoch 1")
     * @param results the training runs, for the accuracy panel
     */
    static void write(File png, List<String> labels, List<GradientHealth> healths, String when,
            List<TrainingResult> results) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        JFreeChart gradients = new JFreeChart("Gradient norm per layer, " + when, JFreeChart.DEFAULT_TITLE_FONT,
                gradientPlot(labels, healths), true);
        JFreeChart accuracy = new JFreeChart("Dev accuracy per epoch", JFreeChart.DEFAULT_TITLE_FONT,
                accuracyPlot(labels, results), true);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (JFreeChart chart : new JFreeChart[] {gradients, accuracy}) {
                chart.setBackgroundPaint(Color.WHITE);
                chart.setPadding(new RectangleInsets(4, 4, 4, 16));
            }
            gradients.draw(g, new Rectangle2D.Double(0, 0, WIDTH * 0.55, HEIGHT));
            accuracy.draw(g, new Rectangle2D.Double(WIDTH * 0.55, 0, WIDTH * 0.45, HEIGHT));
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png);
    }

    private static XYPlot gradientPlot(List<String> labels, List<GradientHealth> healths) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // else each of 1000 short segments restarts the dashes
        int layers = 1;
        for (int k = 0; k < healths.size(); k++) {
            GradientHealth h = healths.get(k);
            XYSeries weights = new XYSeries(labels.get(k) + " |dL/dW|");
            XYSeries outputs = new XYSeries(labels.get(k) + " |dL/dh|");
            for (int l = 1; l <= h.layerCount(); l++) {
                addIfPositive(weights, l, h.weightGradientNorm(l));
                addIfPositive(outputs, l, h.outputGradientNorm(l));
            }
            layers = Math.max(layers, h.layerCount());
            int series = data.getSeriesCount();
            data.addSeries(weights);
            data.addSeries(outputs);
            Color color = COLORS[k % COLORS.length];
            renderer.setSeriesPaint(series, color);
            renderer.setSeriesPaint(series + 1, color);
            renderer.setSeriesStroke(series, new BasicStroke(2f));
            renderer.setSeriesStroke(series + 1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
        }
        NumberAxis layer = new NumberAxis("layer");
        layer.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        layer.setRange(1, layers);
        layer.setNumberFormatOverride(new DecimalFormat("0"));
        LogAxis norm = new LogAxis("gradient norm (log scale)");
        norm.setBase(10);
        norm.setTickUnit(new NumberTickUnit(1), false, true); // whole powers of ten
        norm.setMinorTickMarksVisible(false);
        return styled(new XYPlot(data, layer, norm, renderer));
    }

    private static XYPlot accuracyPlot(List<String> labels, List<TrainingResult> results) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int k = 0; k < results.size(); k++) {
            XYSeries dev = new XYSeries(labels.get(k));
            for (EpochStats s : results.get(k).history()) {
                if (!Double.isNaN(s.devAccuracy())) {
                    dev.add(s.epoch() + 1, s.devAccuracy());
                }
            }
            data.addSeries(dev);
            renderer.setSeriesPaint(k, COLORS[k % COLORS.length]);
            renderer.setSeriesStroke(k, new BasicStroke(2f));
        }
        NumberAxis epoch = new NumberAxis("epoch");
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis accuracy = new NumberAxis("dev accuracy");
        accuracy.setRange(0, 1);
        return styled(new XYPlot(data, epoch, accuracy, renderer));
    }

    private static XYPlot styled(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void addIfPositive(XYSeries series, int layer, double value) {
        if (value > 0 && !Double.isInfinite(value)) {
            series.add(layer, value);
        }
    }
}
