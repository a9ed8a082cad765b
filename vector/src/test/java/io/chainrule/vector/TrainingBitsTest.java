package io.chainrule.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Training generated networks with the vector products writes the model files that training with
 * the generated loops writes, byte for byte: this JVM (the products in use) against a child JVM
 * with {@code -Dchainrule.products=plain}, one without the Vector API module at all (the service
 * lookup passes the provider over), one interpreted, and JDK 25 with the module when installed;
 * and the opt-in fused multiply-adds train to other bits, the same in every JVM that runs them.
 */
class TrainingBitsTest {
    private static final String JDK_25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final String MODULE = "--add-modules=jdk.incubator.vector";
    private static final String FUSED = "-Dchainrule.products=fma";
    /** The java launcher of the JDK running this test. */
    private static final String THIS_JAVA = javaOf(System.getProperty("java.home"));

    /** This JVM's report (the vector products, the loops' roundings), computed once for the tests. */
    private static String here;
    /** A child of this JDK's report with the opt-in fused multiply-adds, computed once. */
    private static String fusedHere;

    @Test
    void theVectorProductsTrainToTheLoopsBits() throws Exception {
        String vector = here();
        assertTrue(vector.startsWith("products float: Vector API"), vector);
        String plain = child(THIS_JAVA, MODULE, "-Dchainrule.products=plain");
        assertTrue(plain.startsWith("products float: plain loops, double: plain loops\n"), plain);
        assertEquals(models(vector), models(plain));
        String noModule = child(THIS_JAVA);
        assertTrue(noModule.startsWith("products float: plain loops, double: plain loops\n"), noModule);
        assertEquals(models(vector), models(noModule));
    }

    @Test
    void andInterpreted() throws Exception {
        String interpreted = child(THIS_JAVA, "-Xint", "-Dchainrule.products=plain");
        assertEquals(models(here()), models(interpreted));
    }

    @Test
    void andOnJdk25() throws Exception {
        File java = new File(JDK_25, "bin/java");
        Assumptions.assumeTrue(java.canExecute(), "no JDK 25 at " + JDK_25);
        String report = child(java.getPath(), MODULE);
        assertTrue(report.startsWith("products float: Vector API"), report);
        assertEquals(models(here()), models(report));
    }

    /**
     * The opt-in fused multiply-adds change every model file, and give the same files compiled by
     * C2 (the Vector API's intrinsics) and by C1 alone (its Java fallback, {@code Math.fma} per
     * lane; interpreted, the same code took a minute); one and two threads the same file in each
     * ({@link #models}).
     */
    @Test
    void fusedMultiplyAddsAreDeterministicButNotTheLoopsBits() throws Exception {
        List<String> loops = models(here());
        List<String> fma = models(fusedHere());
        for (int k = 0; k < loops.size(); k++) {
            assertNotEquals(loops.get(k), fma.get(k), "the fused products changed no bit of " + loops.get(k));
        }
        assertEquals(fma, models(child(THIS_JAVA, MODULE, FUSED,
                "-XX:TieredStopAtLevel=1")));
    }

    /** The fused multiply-adds give the same files on JDK 25 as on this JDK. */
    @Test
    void fusedOnJdk25() throws Exception {
        File java = new File(JDK_25, "bin/java");
        Assumptions.assumeTrue(java.canExecute(), "no JDK 25 at " + JDK_25);
        assertEquals(models(fusedHere()), models(child(java.getPath(), MODULE, FUSED)));
    }

    private static synchronized String here() throws Exception {
        if (here == null) {
            here = TrainingProbe.report();
        }
        return here;
    }

    private static synchronized String fusedHere() throws Exception {
        if (fusedHere == null) {
            fusedHere = child(THIS_JAVA, MODULE, FUSED);
            assertTrue(fusedHere.startsWith("products float: Vector API") && fusedHere.contains("fused multiply-adds"),
                    fusedHere);
        }
        return fusedHere;
    }

    /** The report's model lines: eight of them, both thread counts giving the same file, then the online trainings. */
    private static List<String> models(String report) {
        List<String> lines = new ArrayList<>(Arrays.asList(report.trim().split("\n")));
        lines.remove(0);
        assertEquals(8, lines.size(), report);
        for (int k = 0; k < 4; k += 2) {
            String one = lines.get(k);
            String two = lines.get(k + 1);
            assertEquals(one.substring(one.lastIndexOf(' ')), two.substring(two.lastIndexOf(' ')), report);
        }
        return lines;
    }

    private static String javaOf(String home) {
        return home + File.separator + "bin" + File.separator + "java";
    }

    private static String child(String java, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(Arrays.asList(flags));
        command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), TrainingProbe.class.getName()));
        Process process = new ProcessBuilder(command).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the probe did not finish: " + output + errors);
        assertEquals(0, process.exitValue(), output + errors);
        return output;
    }
}
