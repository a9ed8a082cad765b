package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code explain} command: on XOR the whole trace, reviewed by hand (for example
 * dL/dh2 = sigmoid(-0.395373) - 0 = 0.402425, L = log(1 + exp(-0.395373)) = 0.514875,
 * dL/dz1[1] = -0.221053 × (1 - 0.643499²) = -0.129517, and dL/dW1 = dL/dz1 for x = (1, 1));
 * on every sample network a trace whose finite differences all agree; and its usage errors.
 */
class ExplainCommandTest {
    private static final Pattern AGREE = Pattern.compile("(\\d+) of (\\d+) finite-difference estimates agree");

    @Test
    void xorTraceIsTheReviewedOneAndFitsOneScreen() {
        CliRun run = CliRun.of("explain", "xor", "--example", "3");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(String.join("\n",
                "explain xor: 2-3:tanh-1:identity sigmoid_cross_entropy float, weights of initialize(42)",
                "training example 3 of 4, label 0",
                "quantity                value       estimate computed by",
                "forward pass",
                "x[0]                 1.000000                the example's input",
                "x[1]                 1.000000",
                "z1[0]                0.010170                z1 = W1·x + b1",
                "z1[1]                0.764122",
                "z1[2]                0.464670",
                "h1[0]                0.010170                h1 = tanh(z1)",
                "h1[1]                0.643499",
                "h1[2]                0.433882",
                "z2[0]               -0.395373                z2 = W2·h1 + b2   (= h2: identity)",
                "L                    0.514875                L = sigmoid_cross_entropy(z2, label 0)",
                "backward pass (the chain rule, from the loss down)",
                "dL/dh2[0]            0.402425 ≈     0.402423 dL/dh2 = ∂L/∂h2, from the loss   (= dL/dz2: identity)",
                "dL/dW2[0][0]         0.004093 ≈     0.004091 dL/dW2[j][i] = h1[j]·dL/dz2[i]",
                "dL/dW2[1][0]         0.258960 ≈     0.258958",
                "dL/dW2[2][0]         0.174605 ≈     0.174606",
                "dL/db2[0]            0.402425 ≈     0.402423 dL/db2 = dL/dz2",
                "dL/dh1[0]           -0.129345 ≈    -0.129345 dL/dh1 = W2·dL/dz2",
                "dL/dh1[1]           -0.221053 ≈    -0.221052",
                "dL/dh1[2]           -0.035828 ≈    -0.035828",
                "dL/dz1[0]           -0.129332 ≈    -0.129331 dL/dz1 = dL/dh1 ⊙ tanh'(z1)",
                "dL/dz1[1]           -0.129517 ≈    -0.129514",
                "dL/dz1[2]           -0.029083 ≈    -0.029081",
                "dL/dW1[0][0]        -0.129332 ≈    -0.129331 dL/dW1[j][i] = x[j]·dL/dz1[i]",
                "dL/dW1[0][1]        -0.129517 ≈    -0.129515",
                "dL/dW1[0][2]        -0.029083 ≈    -0.029081",
                "dL/dW1[1][0]        -0.129332 ≈    -0.129331",
                "dL/dW1[1][1]        -0.129517 ≈    -0.129515",
                "dL/dW1[1][2]        -0.029083 ≈    -0.029081",
                "dL/db1[0]           -0.129332 ≈    -0.129331 dL/db1 = dL/dz1",
                "dL/db1[1]           -0.129517 ≈    -0.129514",
                "dL/db1[2]           -0.029083 ≈    -0.029081",
                "dL/dx[0]            -0.104284 ≈    -0.104285 dL/dx = W1·dL/dz1",
                "dL/dx[1]            -0.009513 ≈    -0.009513",
                "22 of 22 finite-difference estimates agree (float: step 0.01; |value - estimate| <= 0.001 |value|"
                        + " + 0.0001 max(1, |L|))",
                ""), run.out().replace("\r\n", "\n"));
        assertTrue(run.out().split("\n").length <= 50, "one screen");
    }

    /** Each sample network (MNIST when its files are there), three values per quantity; deep-1000 at both ends. */
    @TestFactory
    Stream<DynamicTest> everySampleNetworkTracesAndItsEstimatesAgree() {
        List<List<String>> runs = new ArrayList<>();
        for (SampleModel sample : SampleModel.values()) {
            if (sample == SampleModel.DEEP_1000) {
                runs.add(Arrays.asList("explain", "deep-1000", "--values", "2", "--layers", "1-2", "--example", "5"));
                runs.add(Arrays.asList("explain", "deep-1000", "--values", "2", "--layers", "999-1000"));
            } else if (sample == SampleModel.MNIST) {
                File dir = TrainingCommandsTest.mnistDirectory();
                runs.add(Arrays.asList("explain", "mnist", "--dir", dir.toString(), "--values", "3"));
            } else {
                runs.add(Arrays.asList("explain", sample.toString(), "--values", "3", "--example", "1"));
            }
        }
        return runs.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args), () -> {
            if (args.get(1).equals("mnist")) {
                assumeTrue(new File(args.get(3)).isDirectory(), "MNIST not found at " + args.get(3) + "; set CHAINRULE_DATA");
            }
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(0, run.exitCode(), run.toString());
            Matcher m = AGREE.matcher(run.out());
            assertTrue(m.find(), run.toString());
            assertEquals(m.group(2), m.group(1), run.out());
            assertTrue(Integer.parseInt(m.group(2)) >= 16, run.out());
            assertTrue(run.out().contains("dL/dx[0]"), run.out());
        }));
    }

    @Test
    void layersAndValuesSelectWhatIsShown() {
        CliRun run = CliRun.of("explain", "digits", "--layers", "2", "--values", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("dL/dW2[0][1]"), run.out());
        assertTrue(!run.out().contains("dL/dW1[") && !run.out().contains("z1["), run.out());
        assertTrue(run.out().contains("(318 more)"), run.out()); // dL/dW2 is 32 x 10
    }

    @Test
    void usageErrorsAreOneLine() {
        assertUsageError(CliRun.of("explain", "xor", "--example", "4"),
                "error: --example must be between 0 and 3 (the 4 training examples of xor), was 4");
        assertUsageError(CliRun.of("explain", "xor", "--layers", "2-3"),
                "error: --layers 2-3 is not a range of the layers 1..2 of xor");
        assertUsageError(CliRun.of("explain", "xor", "--layers", "one"),
                "error: --layers takes a layer or a range FIRST-LAST, such as 1-3; not 'one'");
        assertUsageError(CliRun.of("explain", "xor", "--values", "0"), "error: --values must be at least 1, was 0");
        assertUsageError(CliRun.of("explain", "mnist"), "error: mnist needs --dir DIR, the directory of the four MNIST files");
    }

    private static void assertUsageError(CliRun run, String line) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(line + " (see: chainrule explain --help)", run.err().trim());
    }
}
