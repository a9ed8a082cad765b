package io.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.samples.xor.XorModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A training step of a generated model (example by example, through the batched path
 * {@code lossAndGradientBatch}, and the online {@code sgdStep}), and a {@code predict} of every class
 * in {@link AllocationProbe#predictCases()}, allocate exactly 0 bytes after warm-up: in this JVM
 * (with the JIT), and in a JVM started with {@code -Xint}, where every {@code new} shows.
 */
class AllocationTest {
    @Test
    void trainingStepsAllocateNothingWithTheJit() {
        assertEquals(0, AllocationProbe.bytesPerTraining(new XorModel(), 20_000, 10_000));
        assertEquals(0, AllocationProbe.bytesPerTraining(new DigitsModel(), 3_000, 1_000));
        // batch buffers for 5 examples: the probe's batches of 16 run in chunks of 5, 5, 5, 1
        assertEquals(0, AllocationProbe.bytesPerTraining(new DigitsModel(5), 3_000, 1_000));
    }

    @Test
    void predictAllocatesNothingWithTheJit() {
        for (AllocationProbe.PredictCase c : AllocationProbe.predictCases()) {
            int calls = c.inputs() * c.outputs() > 10_000 ? 2_000 : 20_000;
            assertEquals(0, AllocationProbe.bytesPerPredict(c, calls, calls), c.name());
        }
    }

    @Test
    void trainingStepsAndPredictAllocateNothingInTheInterpreter() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xint", "-cp", System.getProperty("java.class.path"),
                AllocationProbe.class.getName(), "50", "20")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the -Xint probe did not finish");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(output.contains("softmax_cross_entropy float: 0 bytes"), output);
        assertTrue(output.contains("sigmoid_cross_entropy float: 0 bytes"), output);
        for (AllocationProbe.PredictCase c : AllocationProbe.predictCases()) {
            assertTrue(output.contains("predict " + c.name() + ": 0 bytes"), output);
        }
        assertEquals(0, p.exitValue(), output);
    }
}
