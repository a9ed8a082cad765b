package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.data.Split;
import io.chainrule.io.ModelFile;
import io.chainrule.samples.deep.DeepPlainModel;
import io.chainrule.samples.deep.DeepResidual1000Model;
import io.chainrule.samples.deep.DeepResidualModel;
import io.chainrule.train.Evaluator;
import io.chainrule.train.GradientHealth;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code deep} command with its defaults (seed 42): the plain 30-layer sigmoid network's
 * gradients vanish and it stays at chance, the residual one keeps them level and learns; and the
 * 1000-layer residual network's gradients reach its first layer (its training, minutes long, is
 * measured in the README, not here).
 */
class DeepCommandTest {
    @TempDir
    static Path out;

    private static CliRun deep;

    @BeforeAll
    static void trainBoth() {
        deep = CliRun.of("deep", "--out", out.toString(), "--no-progress");
    }

    @Test
    void plainNetworkGradientsVanishAndItStaysAtChance() {
        assertEquals(0, deep.exitCode(), deep::toString);
        double[] ratios = firstToLastRatios();
        // first layer's |dL/dW| and |dL/dh| against the last layer's: 0.25 per sigmoid layer, 29 times
        assertTrue(ratios[0] < 1e-4, deep::toString);
        assertTrue(ratios[1] < 1e-4, deep::toString);
        assertTrue(testAccuracy(1) < 0.3, deep::toString);
        assertTrue(deep.out().contains("gradient watch, epoch 1: vanishing gradient in layer 1: norm"), deep::toString);
    }

    @Test
    void residualNetworkKeepsItsGradientsAndLearns() {
        assertEquals(0, deep.exitCode(), deep::toString);
        double[] ratios = firstToLastRatios();
        assertTrue(ratios[2] > 1e-2, deep::toString);
        assertTrue(ratios[3] > 1e-2, deep::toString);
        assertTrue(testAccuracy(2) >= 0.95, deep::toString);
    }

    @Test
    void writesBothModelsAndTheTwoPanelPlot() throws IOException {
        BufferedImage image = ImageIO.read(out.resolve("deep-gradients.png").toFile());
        assertEquals(GradientPlot.WIDTH, image.getWidth());
        assertEquals(GradientPlot.HEIGHT, image.getHeight());

        Dataset test = Split.stratified(shippedDigits(), 0.7, 0.15, 42).test();
        DeepPlainModel plain = new DeepPlainModel();
        Scaler scaler = ModelFile.load(plain, out.resolve("deep-plain.chrl").toFile());
        assertEquals(testAccuracy(1), new Evaluator(plain).evaluate(scaler.transform(test)).accuracy(), 0.00005);
        DeepResidualModel residual = new DeepResidualModel();
        scaler = ModelFile.load(residual, out.resolve("deep-residual.chrl").toFile());
        assertEquals(testAccuracy(2), new Evaluator(residual).evaluate(scaler.transform(test)).accuracy(), 0.00005);
    }

    @Test
    void gradientsReachTheFirstOfAThousandLayers() throws IOException {
        DeepResidual1000Model model = new DeepResidual1000Model();
        assertEquals(1000, model.layerCount());
        model.initialize(42);
        Dataset train = Split.stratified(shippedDigits(), 0.7, 0.15, 42).train();
        float[] x = train.floatFeatures();
        float[] pixels = new float[64];
        model.zeroGradients();
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 64; j++) {
                pixels[j] = x[i * 64 + j] / 16f; // the digits command's scaling
            }
            model.lossAndGradient(pixels, 0, train.labels()[i]);
        }
        GradientHealth health = GradientHealth.of(model);
        double last = health.weightGradientNorm(1000);
        for (int l = 1; l < 1000; l++) {
            double ratio = health.weightGradientNorm(l) / last;
            assertTrue(ratio > 1e-3 && ratio < 1e3, "layer " + l + ": " + ratio + "\n" + health);
        }
        assertTrue(health.problems(DeepCommand.VANISHING_RATIO, DeepCommand.EXPLODING_NORM).isEmpty(),
                health::toString);
    }

    @Test
    void deep1000IsAVisibleCommandWithItsOwnDefaults() {
        CliRun help = CliRun.of("deep-1000", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("1000-layer residual"), help::toString);
        assertTrue(CliRun.of("--help").out().contains("deep-1000"));
    }

    /** The first/last row of the gradient table: plain |dL/dW|, plain |dL/dh|, residual |dL/dW|, residual |dL/dh|. */
    private static double[] firstToLastRatios() {
        Matcher m = Pattern.compile("first/last\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)").matcher(deep.out());
        assertTrue(m.find(), deep::toString);
        double[] ratios = new double[4];
        for (int k = 0; k < 4; k++) {
            ratios[k] = Double.parseDouble(m.group(k + 1));
        }
        return ratios;
    }

    /** Test accuracy of the plain (1) or residual (2) network, from the summary line. */
    private static double testAccuracy(int network) {
        Matcher m = Pattern.compile("test accuracy: plain ([0-9.]+) \\(\\d+/\\d+\\), residual ([0-9.]+)")
                .matcher(deep.out());
        assertTrue(m.find(), deep::toString);
        return Double.parseDouble(m.group(network));
    }

    private static Dataset shippedDigits() throws IOException {
        try (InputStream in = DeepCommandTest.class.getClassLoader().getResourceAsStream("data/digits.csv")) {
            return CsvReader.builder().labelColumn("label").classCount(10).build().read(in, "digits.csv");
        }
    }
}
