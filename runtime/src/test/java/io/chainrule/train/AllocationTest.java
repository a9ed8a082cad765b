package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The steps of an epoch allocate nothing, with the JIT on and with the interpreter only. */
class AllocationTest {
    @Test
    void trainingStepsAllocateNothing() {
        assertEquals(0, AllocationProbe.measure());
    }

    @Test
    void trainingStepsAllocateNothingInterpreted() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Xint", "-cp", System.getProperty("java.class.path"),
                AllocationProbe.class.getName()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the -Xint probe did not finish: " + output);
        assertEquals("allocated bytes: 0", output.trim());
        assertEquals(0, process.exitValue());
    }
}
