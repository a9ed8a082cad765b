package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.Split;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to any command prints exactly one line, starting {@code error:}, to stderr (no stack
 * trace) and exits with 2 for a usage error (nothing on stdout) or 1 for anything else.
 */
class UserErrorsTest {
    @TempDir
    static Path dir;

    private static String irisModel;

    @BeforeAll
    static void trainIris() {
        CliRun run = CliRun.of("iris", "--epochs", "2", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        irisModel = dir.resolve("iris.chrl").toString();
    }

    @Test
    void noCommand() {
        assertOneLine(CliRun.of(), 2, "name a command");
    }

    @Test
    void unknownCommand() {
        assertOneLine(CliRun.of("svm"), 2, "Unmatched argument at index 0: 'svm'");
    }

    @Test
    void badOptionValues() {
        assertOneLine(CliRun.of("digits", "--epochs", "many"), 2, "'many' is not an int");
        assertOneLine(CliRun.of("digits", "--epochs", "0"), 2, "--epochs must be at least 1");
        assertOneLine(CliRun.of("deep", "--batch-size", "0"), 2, "--batch-size must be at least 1");
        assertOneLine(CliRun.of("iris", "--learning-rate", "-1"), 2, "--learning-rate must be > 0");
        assertOneLine(CliRun.of("iris", "--optimizer", "rmsprop"), 2,
                "expected one of [sgd, momentum, nesterov, adam] but was 'rmsprop'");
        assertOneLine(CliRun.of("iris", "--colour"), 2, "Unknown option: '--colour'");
        assertOneLine(CliRun.of("iris", "--threads", "0"), 2, "--threads must be between 1 and 256, was 0");
        assertOneLine(CliRun.of("iris", "--chunk-size", "0"), 2, "--chunk-size must be at least 1, was 0");
        assertOneLine(CliRun.of("iris", "--max-loss", "0"), 2, "--max-loss must be > 0, was 0.0");
        assertOneLine(CliRun.of("xor", "--max-loss", "NaN"), 2, "--max-loss must be > 0, was NaN");
        assertOneLine(CliRun.of("mnist"), 2, "Missing required option: '--dir=DIR'");
        assertOneLine(CliRun.of("predict", "--model", "svm", irisModel, "x.csv"), 2,
                "expected one of [xor, iris, iris-regression, digits, digits-hinge, mnist, deep-plain, deep-residual, deep-1000] "
                        + "but was 'svm'");
    }

    @Test
    void missingFiles() {
        assertOneLine(CliRun.of("iris", "--data", dir.resolve("none.csv").toString()), 1, "none.csv");
        assertOneLine(CliRun.of("mnist", "--dir", dir.toString()), 1, "no train-images-idx3-ubyte or train-images-idx3-ubyte.gz");
        assertOneLine(CliRun.of("predict", dir.resolve("none.chrl").toString(), "x.csv"), 1, "none.chrl");
        assertOneLine(CliRun.of("predict", irisModel, dir.resolve("none.csv").toString()), 1, "none.csv");
    }

    @Test
    void outputDirectoryThatCannotBeCreated() {
        assertOneLine(CliRun.of("iris", "--epochs", "1", "--out", irisModel), 1, "cannot create the output directory");
    }

    @Test
    void malformedCsv() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "label,a,b,c,d\n0,5.1,3.5,1.4,0.2\n1,5.0,x,1.4,0.2\n");
        assertOneLine(CliRun.of("iris", "--data", bad.toString()), 1, "bad.csv, line 3, column 3: value 'x' is not a number");
        assertOneLine(CliRun.of("predict", irisModel, bad.toString()), 1, "bad.csv, line 3, column 3: value 'x' is not a number");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "5.1,3.5,1.4\n");
        assertOneLine(CliRun.of("predict", irisModel, ragged.toString()), 1, "line 1: 3 columns, expected 4");
        Path labels = Files.writeString(dir.resolve("labels.csv"), "label,a,b,c,d\n7,5.1,3.5,1.4,0.2\n");
        assertOneLine(CliRun.of("iris", "--data", labels.toString()), 1, "label 7 is out of range 0..2");
    }

    @Test
    void dataOfTheWrongShape() throws IOException {
        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "label,a,b\n0,1,2\n1,2,3\n");
        assertOneLine(CliRun.of("digits", "--data", narrow.toString()), 1, "2 feature columns, but the model takes 64 inputs");
    }

    @Test
    void wrongModelFiles() throws IOException {
        Path rows = Files.writeString(dir.resolve("rows.csv"), "5.1,3.5,1.4,0.2\n");
        assertOneLine(CliRun.of("predict", "--model", "digits", irisModel, rows.toString()), 1, "architecture mismatch");
        assertOneLine(CliRun.of("predict", rows.toString(), rows.toString()), 1, "not a Chainrule model file");
        byte[] bytes = Files.readAllBytes(Path.of(irisModel));
        Path truncated = Files.write(dir.resolve("truncated.chrl"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLine(CliRun.of("predict", truncated.toString(), rows.toString()), 1, "truncated");
        // The header names a network none of the samples has, and not one of the train command
        // (whose plain networks predict compiles): "4-16:relu-3..." becomes "4-16+relu-3...".
        byte[] other = bytes.clone();
        int at = new String(other, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("4-16:");
        other[at + 4] = '+';
        Path unknown = Files.write(dir.resolve("unknown.chrl"), other);
        assertOneLine(CliRun.of("predict", unknown.toString(), rows.toString()), 1,
                "holds a network '4-16+relu-3:identity softmax_cross_entropy float' that is none of the samples");
    }

    @Test
    void divergence() {
        assertOneLine(CliRun.of("digits", "--learning-rate", "1e20", "--optimizer", "sgd", "--epochs", "2",
                "--out", dir.toString()), 1, "training diverged: loss ");
    }

    @Test
    void aLossThatGrowsByOrdersOfMagnitudeIsDivergenceAndSavesNoModel() throws IOException {
        Path out = dir.resolve("diverged");
        // xor at rate 1e30: the loss goes from 0.7 to 7e27 at the second full-batch step
        CliRun xor = CliRun.of("xor", "--learning-rate", "1e30", "--out", out.toString());
        assertOneLine(xor, 1, "training diverged: loss ");
        assertTrue(xor.err().contains(" at epoch 2, step 1 of 1 "), xor::toString);
        assertTrue(xor.err().contains("10000 times the initial training loss"), xor::toString);
        assertTrue(xor.err().contains("largest gradient: layer 2"), xor::toString);
        // digits at rate 1e6 with plain SGD: 2.6e20 in the first epoch, where it used to end at chance
        CliRun digits = CliRun.of("digits", "--learning-rate", "1e6", "--optimizer", "sgd", "--out", out.toString());
        assertOneLine(digits, 1, "training diverged: loss ");
        assertTrue(digits.err().contains(" at epoch 1, step 2 of 79 "), digits::toString);
        assertFalse(Files.exists(out.resolve("xor.chrl")), "saved a diverged model");
        assertFalse(Files.exists(out.resolve("digits.chrl")), "saved a diverged model");
        assertFalse(Files.exists(out.resolve("digits-training.png")), "plotted a diverged run");
    }

    @Test
    void maxLossIsTheUsersBound() {
        // iris starts at a loss of about 1.2: a bound of 0.5 stops the first step
        CliRun run = CliRun.of("iris", "--max-loss", "0.5", "--out", dir.resolve("bounded").toString());
        assertOneLine(run, 1, "training diverged: loss ");
        assertTrue(run.err().contains(" at epoch 1, step 1 of 12 "), run::toString);
        assertTrue(run.err().contains("above the limit 0.5 (maxLoss)"), run::toString);
    }

    @Test
    void tooFewRowsForTheSplit() throws IOException {
        String header = "label,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n";
        Path one = Files.writeString(dir.resolve("one.csv"), header + "0,5.1,3.5,1.4,0.2\n");
        assertOneLine(CliRun.of("iris", "--data", one.toString(), "--out", dir.toString()), 1,
                "one.csv: 1 data row is too few for the 60/20/20 split into training, development and test examples"
                        + " (it gives 0/0/1); it needs at least 5 rows");
        Path three = Files.writeString(dir.resolve("three.csv"),
                header + "0,5.1,3.5,1.4,0.2\n1,6.6,2.9,4.6,1.3\n2,7.7,2.6,6.9,2.3\n");
        assertOneLine(CliRun.of("iris", "--data", three.toString(), "--out", dir.toString()), 1,
                "three.csv: 3 data rows are too few for the 60/20/20 split");
        StringBuilder pixels = new StringBuilder("label");
        for (int j = 0; j < 64; j++) {
            pixels.append(",p").append(j);
        }
        for (int i = 0; i < 6; i++) {
            pixels.append('\n').append(i);
            for (int j = 0; j < 64; j++) {
                pixels.append(",1");
            }
        }
        Path six = Files.writeString(dir.resolve("six.csv"), pixels.append('\n'));
        assertOneLine(CliRun.of("digits", "--data", six.toString(), "--out", dir.toString()), 1,
                "six.csv: 6 data rows are too few for the 70/15/15 split into training, development and test examples"
                        + " (it gives 4/0/2); it needs at least 7 rows");
        assertOneLine(CliRun.of("iris-regression", "--data", three.toString(), "--out", dir.toString()), 1,
                "three.csv: 3 data rows are too few for the 60/20/20 split");
    }

    @Test
    void hugeIdxHeader() throws IOException {
        // one image of 46340 x 46340 pixels: 2.1e9 values, 8.6 GB as floats, in a file of 16 bytes
        Path mnist = Files.createDirectories(dir.resolve("mnist-huge"));
        writeInts(mnist.resolve("train-images-idx3-ubyte"), 2051, 1, 46340, 46340);
        writeInts(mnist.resolve("train-labels-idx1-ubyte"), 2049, 1);
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), new byte[] {3}, java.nio.file.StandardOpenOption.APPEND);
        writeInts(mnist.resolve("t10k-images-idx3-ubyte"), 2051, 1, 46340, 46340);
        Files.copy(mnist.resolve("train-labels-idx1-ubyte"), mnist.resolve("t10k-labels-idx1-ubyte"));
        assertOneLine(CliRun.of("mnist", "--dir", mnist.toString(), "--out", dir.toString()), 1,
                mnist.resolve("train-images-idx3-ubyte").toString());
    }

    @Test
    void outOfMemoryIsOneLine() throws IOException, InterruptedException {
        // the 1000-layer network does not fit in 8 MB of heap
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(launcher, "-Xmx8m", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "deep-1000", "--epochs", "1", "--no-progress",
                "--out", dir.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "did not finish: " + err);
        assertEquals(1, p.exitValue(), err);
        assertEquals(1, err.split("\\R").length, err);
        assertTrue(err.startsWith("error: out of memory (Java heap space): this run needs more than the JVM's heap of "), err);
    }

    private static void writeInts(Path file, int... values) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); DataOutputStream data = new DataOutputStream(out)) {
            for (int v : values) {
                data.writeInt(v);
            }
        }
    }

    @Test
    void predictNeedsRows() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertOneLine(CliRun.of("predict", irisModel, empty.toString()), 1, "empty.csv, line 1: no data rows: the input is empty");
        Path header = Files.writeString(dir.resolve("header.csv"), "label,a,b,c,d\n\n");
        assertOneLine(CliRun.of("predict", irisModel, header.toString()), 1, "header.csv, line 3: no data rows after the header");
        Path blank = Files.writeString(dir.resolve("blank.csv"), "\n  \n");
        assertOneLine(CliRun.of("predict", irisModel, blank.toString()), 1, "blank.csv, line 3: no data rows: the input is empty");
    }

    /**
     * The shipped iris.csv with {@code values} in columns {@code column, column + 1, ...} (from 1)
     * of the fifth development flower of seed 42, as {@code name}; returns that line (from 1).
     */
    private static int irisWithDevValue(String name, int column, String... values) throws IOException {
        List<String> lines;
        Dataset iris;
        try (InputStream in = UserErrorsTest.class.getClassLoader().getResourceAsStream("data/iris.csv")) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        try (InputStream in = UserErrorsTest.class.getClassLoader().getResourceAsStream("data/iris.csv")) {
            iris = CsvReader.builder().labelColumn("label").classCount(3).build().read(in, "iris.csv");
        }
        int row = Split.stratified(iris, 0.6, 0.2, 42).devIndices()[4];
        String[] fields = lines.get(row + 1).split(",");
        System.arraycopy(values, 0, fields, column - 1, values.length);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(i == row + 1 ? String.join(",", fields) : lines.get(i)).append('\n');
        }
        Files.writeString(dir.resolve(name), text);
        return row + 2;
    }

    @Test
    void valuesThatScalingMakesInfinite() throws IOException {
        // a development flower 3e38 cm wide: a float, but standardised with the training part's
        // statistics (standard deviation 0.4 cm) it is 7e38, beyond float
        int line = irisWithDevValue("wide.csv", 3, "3e38");
        assertOneLine(CliRun.of("iris", "--data", dir.resolve("wide.csv").toString(), "--out", dir.toString()), 1,
                "wide.csv, line " + line + ", column 3: value 3.0E38 is Infinity after scaling with the training"
                        + " part's statistics; the model cannot train on it [column 'sepal_width_cm']");
        Path rows = Files.writeString(dir.resolve("rows-wide.csv"), "5.1,3.5,1.4,0.2\n3e38,3.5,1.4,0.2\n");
        CliRun predict = CliRun.of("predict", irisModel, rows.toString());
        assertOneLine(predict, 1, "rows-wide.csv, line 2, column 1: value 3.0E38 is Infinity after scaling with the model's"
                + " scaler; the model cannot predict it");
        assertEquals("setosa\n", predict.out().replace("\r", ""), predict::toString);
        // finite after scaling (about 1e38 each), but the forward pass overflows
        Path huge = Files.writeString(dir.resolve("rows-huge.csv"), "1e38,1e38,1e38,1e38\n");
        assertOneLine(CliRun.of("predict", irisModel, huge.toString()), 1,
                "rows-huge.csv, line 1: the model's outputs for this row are not finite (NaN)");
    }

    @Test
    void aDevelopmentExampleThatOverflowsTheNetwork() throws IOException {
        // 2e38 cm of petal length stays finite when standardised, but the network's outputs for it
        // overflow in some epochs: the dev loss is infinite there, and the plot leaves those points out
        irisWithDevValue("long.csv", 4, "2e38");
        Path out = dir.resolve("long");
        CliRun run = CliRun.of("iris", "--data", dir.resolve("long.csv").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("dev loss Infinity"), run::toString);
        assertTrue(Files.size(out.resolve("iris-training.png")) > 0, run::toString);
        // every feature near the float limit: the dev loss is NaN in every epoch, and early
        // stopping, finding no best epoch, says so
        irisWithDevValue("huge.csv", 2, "2.5e38", "1.4e38", "3e38", "2.5e38");
        run = CliRun.of("iris", "--data", dir.resolve("huge.csv").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("stopped early after epoch 30: the dev loss was never finite"), run::toString);
    }

    private static void assertOneLine(CliRun run, int exitCode, String expected) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        String[] lines = run.err().split("\\R");
        assertEquals(1, lines.length, run::toString);
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains(expected), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
        if (exitCode == 2) {
            // A usage error runs nothing. (Other failures may follow output: the header of a
            // training run, the rows predict had printed before a bad row.)
            assertEquals("", run.out(), run::toString);
        }
    }
}
