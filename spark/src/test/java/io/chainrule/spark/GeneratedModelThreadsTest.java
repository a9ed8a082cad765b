package io.chainrule.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A generated model (the digits network) trained with 1, 2, 3 and 16 threads writes byte-identical
 * model files, here and in an interpreted child JVM ({@code -Xint}).
 */
class GeneratedModelThreadsTest {
    private static void assertOneDigest(String report) {
        Set<String> digests = new HashSet<>();
        String[] lines = report.trim().split("\n");
        assertEquals(GeneratedModelThreads.THREADS.length, lines.length, report);
        for (String line : lines) {
            digests.add(line.substring(line.indexOf(' ') + 1));
        }
        assertEquals(1, digests.size(), "model files differ across thread counts:\n" + report);
    }

    @Test
    void modelFilesAreByteIdenticalAcrossThreadCountsAndJvms() throws IOException, InterruptedException {
        String here = GeneratedModelThreads.report();
        assertOneDigest(here);
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Xint", "-cp", System.getProperty("java.class.path"),
                GeneratedModelThreads.class.getName()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        String interpreted = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the -Xint run did not finish: " + interpreted);
        assertEquals(here, interpreted);
    }
}
