package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // The header names a network none of the samples has: "4-16:relu-3..." becomes "4-17:relu-3...".
        byte[] other = bytes.clone();
        int at = new String(other, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("4-16:");
        other[at + 3] = '7';
        Path unknown = Files.write(dir.resolve("unknown.chrl"), other);
        assertOneLine(CliRun.of("predict", unknown.toString(), rows.toString()), 1,
                "holds a network '4-17:relu-3:identity softmax_cross_entropy float' that is none of the samples");
    }

    @Test
    void divergence() {
        assertOneLine(CliRun.of("digits", "--learning-rate", "1e20", "--optimizer", "sgd", "--epochs", "2",
                "--out", dir.toString()), 1, "training diverged: loss is NaN");
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
