package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code descent} command: the three modes differ only in their batch size (all of the 1257
 * training images, 1, 16), so in the same epochs they take 1, 1257 and 79 steps an epoch; each
 * run writes its curve, and the plot draws every curve written so far. In two epochs, one step
 * an epoch (batch) lowers the training loss less than 1257 (online) do.
 */
class DescentCommandTest {
    @TempDir
    Path out;

    @Test
    void eachModeAddsItsCurveToThePlot() throws IOException {
        CliRun batch = run("batch");
        assertTrue(batch.out().contains("batch size 1257 (1 step an epoch)"), batch.out());
        assertTrue(batch.out().contains("batch gradient descent: 2 steps in 2 epochs"), batch.out());
        assertTrue(batch.out().endsWith("descent.png (batch)\n"), batch.out());
        CliRun online = run("online");
        assertTrue(online.out().contains("batch size 1 (1257 steps an epoch)"), online.out());
        assertTrue(online.out().endsWith("descent.png (batch, online)\n"), online.out());
        CliRun minibatch = run("minibatch");
        assertTrue(minibatch.out().contains("batch size 16 (79 steps an epoch)"), minibatch.out());
        assertTrue(minibatch.out().endsWith("descent.png (batch, online, minibatch)\n"), minibatch.out());
        assertTrue(Files.size(out.resolve("descent.png")) > 10_000);
        List<String> curve = Files.readAllLines(out.resolve("descent-online.csv"));
        assertEquals("epoch,steps,train_loss,dev_loss,dev_accuracy", curve.get(0));
        assertEquals(3, curve.size());
        assertTrue(curve.get(2).startsWith("2,2514,"), curve.get(2));
        assertTrue(batch.number("train loss") > online.number("train loss") + 1, batch.out() + online.out());
    }

    @Test
    void anExplicitBatchSizeWins() {
        CliRun run = CliRun.of("descent", "batch", "-b", "100", "-e", "1", "--out", out.toString(), "--no-progress");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("batch size 100 (13 steps an epoch)"), run.out());
    }

    @Test
    void anUnknownModeIsAUsageError() {
        CliRun run = CliRun.of("descent", "stochastic", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected one of [batch, online, minibatch] but was 'stochastic'"), run.err());
    }

    private CliRun run(String mode) {
        CliRun run = CliRun.of("descent", mode, "-e", "2", "--out", out.toString(), "--no-progress");
        assertEquals(0, run.exitCode(), run.toString());
        return run;
    }
}
