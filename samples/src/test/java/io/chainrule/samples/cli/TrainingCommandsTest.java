package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.data.Split;
import io.chainrule.io.ModelFile;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.train.Evaluator;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every training command, end to end and in-process with its default options (seed 42): the
 * quality bars of the samples, the files they write, and {@code predict} on a saved model.
 */
class TrainingCommandsTest {
    @TempDir
    static Path out;

    private static CliRun digits;

    @BeforeAll
    static void trainDigits() {
        digits = CliRun.of("digits", "--out", out.toString());
    }

    @Test
    void xorIsSeparated() {
        CliRun run = CliRun.of("xor", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1.0, run.number("test accuracy"), run::toString);
    }

    @Test
    void irisReaches93Percent() {
        CliRun run = CliRun.of("iris", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.number("test accuracy") >= 0.93, run::toString);
        assertTrue(run.out().contains("virginica"), run::toString);
    }

    @Test
    void irisRegressionPredictsPetalWidth() {
        CliRun run = CliRun.of("iris-regression", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        // The petal width varies with a variance of about 0.58 cm²; the model must explain most of it.
        assertTrue(run.number("test: mse") < 0.06, run::toString);
    }

    @Test
    void digitsWithCrossEntropyReaches96Percent() {
        assertEquals(0, digits.exitCode(), digits::toString);
        assertTrue(digits.number("test accuracy") >= 0.96, digits::toString);
        assertTrue(digits.out().contains("confusion matrix"), digits::toString);
        assertTrue(digits.out().contains("precision  recall      f1"), digits::toString);
        assertTrue(digits.err().isEmpty(), digits::toString);
    }

    @Test
    void digitsOnTwoThreadsSavesTheOneThreadModelByteForByte() throws IOException {
        // batches of 32 in chunks of 8: the two threads share each batch, and the weights depend on
        // the chunk size alone; the worker's replica is made by the model's no-argument constructor
        Path one = out.resolve("chunks-one-thread");
        Path two = out.resolve("chunks-two-threads");
        CliRun single = CliRun.of("digits", "--chunk-size", "8", "--epochs", "5", "--out", one.toString());
        CliRun run = CliRun.of("digits", "--threads", "2", "--chunk-size", "8", "--epochs", "5", "--out", two.toString());
        assertEquals(0, single.exitCode(), single::toString);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(", chunks of 8, 2 threads"), run::toString);
        assertTrue(run.number("test accuracy") >= 0.9, run::toString);
        assertArrayEquals(Files.readAllBytes(one.resolve("digits.chrl")), Files.readAllBytes(two.resolve("digits.chrl")));
        assertEquals(single.number("test accuracy"), run.number("test accuracy"));
    }

    @Test
    void digitsWithHingeLossReaches95Percent() {
        CliRun run = CliRun.of("digits-hinge", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.number("test accuracy") >= 0.95, run::toString);
    }

    @Test
    void digitsWritesAValidPlot() throws IOException {
        File png = out.resolve("digits-training.png").toFile();
        byte[] bytes = Files.readAllBytes(png.toPath());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                java.util.Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png);
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
    }

    @Test
    void savedDigitsModelGivesTheReportedTestAccuracy() throws IOException {
        DigitsModel model = new DigitsModel();
        Scaler scaler = ModelFile.load(model, out.resolve("digits.chrl").toFile());
        Split split = Split.stratified(shippedDigits(), 0.7, 0.15, 42);
        double accuracy = new Evaluator(model).evaluate(scaler.transform(split.test())).accuracy();
        assertEquals(digits.number("test accuracy"), accuracy, 0.00005);
    }

    @Test
    void predictAgreesWithTheLoadedModel() throws IOException {
        Path rows = out.resolve("rows.csv");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("data/digits.csv")) {
            String[] lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
            Files.writeString(rows, String.join("\n", java.util.Arrays.copyOf(lines, 21)) + "\n");
        }
        File modelFile = out.resolve("digits.chrl").toFile();
        CliRun run = CliRun.of("predict", modelFile.toString(), rows.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String[] predicted = run.out().split("\\R");
        assertEquals(20, predicted.length, run::toString);

        DigitsModel model = new DigitsModel();
        Scaler scaler = ModelFile.load(model, modelFile);
        Dataset data = scaler.transform(CsvReader.builder().build().read(rows.toFile()));
        float[] outputs = new float[10];
        for (int i = 0; i < 20; i++) {
            model.predict(data.floatFeatures(), i * 64, outputs);
            assertEquals(Integer.toString(Evaluator.predictedClass(model.loss(), outputs, 10)), predicted[i]);
        }

        CliRun probabilities = CliRun.of("predict", "--model", "digits", "-P", modelFile.toString(), rows.toString());
        String[] first = probabilities.out().split("\\R")[0].split(" ");
        assertEquals(11, first.length, probabilities::toString);
        double sum = 0;
        for (int k = 1; k < first.length; k++) {
            sum += Double.parseDouble(first[k]);
        }
        assertEquals(1.0, sum, 0.001);
    }

    @Test
    void mnistReaches97PercentInFiveEpochs() {
        File dir = mnistDirectory();
        assumeTrue(dir.isDirectory(), "MNIST not found at " + dir + "; set CHAINRULE_DATA");
        CliRun run = CliRun.of("mnist", "--dir", dir.toString(), "--epochs", "5", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.number("test accuracy") >= 0.97, run::toString);
    }

    /** {@code $CHAINRULE_DATA/mnist}, else {@code shared/data/mnist} beside the repository. */
    static File mnistDirectory() {
        String data = System.getenv("CHAINRULE_DATA");
        return data != null ? new File(data, "mnist") : new File("../../shared/data/mnist");
    }

    private static Dataset shippedDigits() throws IOException {
        try (InputStream in = TrainingCommandsTest.class.getClassLoader().getResourceAsStream("data/digits.csv")) {
            return CsvReader.builder().labelColumn("label").classCount(10).build().read(in, "digits.csv");
        }
    }
}
