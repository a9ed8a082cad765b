package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The model files that training with 1, 2, 3 and 16 threads writes are byte-identical, in this JVM,
 * interpreted ({@code -Xint}: no JIT-compiled code, other timings, so other chunk orders) and on
 * JDK 25 when it is installed.
 */
class ThreadCountBitsTest {
    private static final String JDK_25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    /** The digests per model kind (the first word of each line); each set must have one element. */
    private static void assertOneDigestPerModel(String report) {
        List<String> lines = new ArrayList<>();
        for (String line : report.trim().split("\n")) {
            lines.add(line.trim());
        }
        assertEquals(2 * ThreadCountProbe.THREADS.length, lines.size(), report);
        for (String kind : new String[] {"float", "double"}) {
            Set<String> digests = new LinkedHashSet<>();
            for (String line : lines) {
                if (line.startsWith(kind + " ")) {
                    digests.add(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            assertEquals(1, digests.size(), kind + " model files differ across thread counts:\n" + report);
        }
    }

    @Test
    void modelFilesAreByteIdenticalAcrossThreadCounts() throws IOException {
        assertOneDigestPerModel(ThreadCountProbe.report());
    }

    @Test
    void andInterpreted() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String report = child(java, "-Xint");
        assertOneDigestPerModel(report);
        assertEquals(ThreadCountProbe.report(), report);
    }

    @Test
    void andOnJdk25() throws IOException, InterruptedException {
        File java = new File(JDK_25, "bin/java");
        Assumptions.assumeTrue(java.canExecute(), "no JDK 25 at " + JDK_25);
        String report = child(java.getPath(), "-Xshare:auto");
        assertOneDigestPerModel(report);
        assertEquals(ThreadCountProbe.report(), report);
    }

    private static String child(String java, String flag) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java, flag, "-cp", System.getProperty("java.class.path"),
                ThreadCountProbe.class.getName()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the probe did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
