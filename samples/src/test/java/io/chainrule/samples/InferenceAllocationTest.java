package io.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.FloatPredictor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} and {@code predictBatch} of an inference class (XOR, digits loaded and compiled in, MNIST) and of a
 * training class (XOR, digits, MNIST) allocate
 * exactly 0 bytes after warm-up: in this JVM (with the JIT), and in a JVM started with
 * {@code -Xint}, where every {@code new} shows.
 */
class InferenceAllocationTest {
    @Test
    void predictAllocatesNothingWithTheJit() {
        for (FloatPredictor model : InferenceAllocationProbe.models()) {
            int warmup = model.parameterCount() > 10_000 ? 300 : 20_000;
            assertEquals(0, InferenceAllocationProbe.bytesPerPrediction(model, warmup, warmup / 2),
                    model.getClass().getSimpleName());
        }
    }

    @Test
    void predictAllocatesNothingInTheInterpreter() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xint", "-cp", System.getProperty("java.class.path"),
                InferenceAllocationProbe.class.getName(), "5", "3")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the -Xint probe did not finish");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String model : List.of("XorInferenceModel", "DigitsInferenceModel", "DigitsEmbeddedModel",
                "MnistInferenceModel", "XorModel", "DigitsModel", "MnistModel")) {
            assertTrue(output.contains(model + ": 0 bytes"), output);
        }
        assertEquals(0, p.exitValue(), output);
    }
}
