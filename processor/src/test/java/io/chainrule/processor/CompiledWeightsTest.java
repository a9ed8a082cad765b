package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import io.chainrule.processor.Networks.Declaration;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameters compiled in at the MNIST shape (784-128-10, 101,770 parameters) and at 1,000,000
 * parameters (999-1000, one linear layer), float and double: every value comes back to the bit,
 * -0.0 and subnormals included; the class predicts the training class's bits; every class file
 * stays within its limits (constant pool, 64 KB per method, 8,000 bytes for the JIT); nothing on
 * the prediction path allocates. Prints the compile time, the class-file sizes and, from a fresh
 * JVM, the class-load and construction times and the heap kept.
 */
class CompiledWeightsTest {
    /** Each test's resources and class files, deleted after it. */
    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({"MNIST, 784, 128, FLOAT", "MNIST, 784, 128, DOUBLE", "MILLION, 999, 1000, FLOAT",
        "MILLION, 999, 1000, DOUBLE"})
    void compiledInWeightsAreBitExact(String shape, int inputs, int units, Precision precision) throws Exception {
        boolean mnist = shape.equals("MNIST");
        String name = (mnist ? "Mnist" : "Million") + precision;
        Declaration network = mnist
                ? new Declaration("weights", name, inputs, new int[] {units, 10},
                        new Activation[] {Activation.RELU, Activation.IDENTITY}, Loss.SOFTMAX_CROSS_ENTROPY, precision,
                        CodeShape.AUTO)
                : new Declaration("weights", name, inputs, new int[] {units}, new Activation[] {Activation.IDENTITY},
                        Loss.MEAN_SQUARED_ERROR, precision, CodeShape.AUTO);
        int count = mnist ? inputs * units + units + units * 10 + 10 : inputs * units + units;
        assertEquals(mnist ? 101_770 : 1_000_000, count);
        String architecture = mnist
                ? inputs + "-" + units + ":relu-10:identity softmax_cross_entropy " + precision.name().toLowerCase()
                : inputs + "-" + units + ":identity mean_squared_error " + precision.name().toLowerCase();
        Random random = new Random(count + precision.ordinal());
        float[] floats = precision == Precision.FLOAT ? new float[count] : null;
        double[] doubles = precision == Precision.DOUBLE ? new double[count] : null;
        for (int i = 0; i < count; i++) {
            double v = awkward(random, i, precision, Math.sqrt(2.0 / inputs));
            if (floats != null) {
                floats[i] = (float) v;
            } else {
                doubles[i] = v;
            }
        }
        byte[] file = floats != null ? Inferences.modelFile(architecture, inputs, floats)
                : Inferences.modelFile(architecture, inputs, doubles);
        Path resources = Files.createTempDirectory(temp, "weights");
        String resource = "models/" + name.toLowerCase() + ".chrl";
        Inferences.write(resources, resource, file);

        List<JavaFileObject> sources = new ArrayList<>(List.of(network.source(),
                Inferences.source("weights", name + "Shipped", name, resource,
                        precision == Precision.FLOAT ? "FloatPredictor" : "DoublePredictor")));
        long start = System.nanoTime();
        Compilation compilation = Inferences.compile(resources, sources);
        double compileSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(compilation).succeededWithoutWarnings();
        CompiledClasses classes = new CompiledClasses(compilation);
        String shipped = "weights." + name + "ShippedModel";
        String holder = shipped + "$Weights";

        // every value to the bit
        Predictor model = classes.newInstance(shipped, Predictor.class);
        long[] expected = new long[count];
        for (int i = 0; i < count; i++) {
            expected[i] = floats != null ? Float.floatToRawIntBits(floats[i]) : Double.doubleToRawLongBits(doubles[i]);
        }
        assertArrayEquals(expected, Inferences.parameterBits(model));
        assertTrue(countNegativeZeros(expected, precision) > 0 && countSubnormals(expected, precision) > 0);

        // the training class with the same file predicts the same bits, none of them NaN
        Model training = classes.newInstance(network.generatedName(), Model.class);
        Inferences.load(training, file);
        for (int example = 0; example < 4; example++) {
            double[] x = new double[inputs];
            for (int j = 0; j < inputs; j++) {
                x[j] = random.nextDouble();
            }
            long[] bits = Inferences.predictionBits(model, x);
            assertArrayEquals(Inferences.predictionBits(training, x), bits);
            for (long b : bits) {
                double v = precision == Precision.FLOAT ? Float.intBitsToFloat((int) b) : Double.longBitsToDouble(b);
                assertTrue(Double.isFinite(v), "output " + v);
            }
        }

        // class-file limits
        byte[] outer = classes.bytes(shipped);
        byte[] weights = classes.bytes(holder);
        int outerEntries = ClassFiles.constantPoolEntries(outer);
        int weightEntries = ClassFiles.constantPoolEntries(weights);
        assertTrue(outerEntries < 65_535 && weightEntries < 65_535);
        for (Map.Entry<String, Integer> m : ClassFiles.codeLengths(outer).entrySet()) {
            assertTrue(m.getValue() < GeneratedBytecodeTest.MAX_METHOD_BYTES, m.toString());
        }
        for (Map.Entry<String, Integer> m : ClassFiles.codeLengths(weights).entrySet()) {
            assertTrue(m.getValue() < GeneratedBytecodeTest.MAX_METHOD_BYTES, m.toString());
        }
        assertEquals(List.of(), ClassFiles.allocations(outer, List.of("<init>", "<clinit>")));
        int bytes = count * precision.bytes();
        System.out.printf("%s: %,d parameters (%,d bytes): compiled in %.1f s; class files %,d bytes (outer, %,d "
                        + "constant-pool entries) + %,d bytes (Weights, %,d entries) = %.3f x the parameter bytes%n",
                name, count, bytes, compileSeconds, outer.length, outerEntries, weights.length, weightEntries,
                (outer.length + weights.length) / (double) bytes);
        String probe = probeInFreshJvm(classes, shipped);
        System.out.println(name + ": " + probe);
        // what a construction allocates, the instance and the decoder's few kilobytes: within 1.1 x the parameters
        java.util.regex.Matcher allocated = java.util.regex.Pattern.compile("\\(([\\d,]+) bytes allocated\\)").matcher(probe);
        assertTrue(allocated.find(), probe);
        assertTrue(Long.parseLong(allocated.group(1).replace(",", "")) <= 1.1 * bytes, probe);
    }

    /**
     * A weight of scale {@code s}, or one whose bits are easy to lose: -0.0, +0.0, a subnormal of
     * the precision, the smallest normal. No NaN and no infinity: the outputs must stay finite.
     */
    private static double awkward(Random random, int i, Precision precision, double s) {
        switch (i % 97) {
            case 3:
                return -0.0;
            case 5:
                return 0.0;
            case 7:
                return precision == Precision.FLOAT
                        ? Float.intBitsToFloat(1 + random.nextInt(0x7fffff)) * (random.nextBoolean() ? 1 : -1)
                        : Double.longBitsToDouble(1 + (random.nextLong() & 0xfffffffffffffL)) * (random.nextBoolean() ? 1 : -1);
            case 11:
                return precision == Precision.FLOAT ? Float.MIN_VALUE : Double.MIN_VALUE;
            case 13:
                return precision == Precision.FLOAT ? -Float.MIN_NORMAL : -Double.MIN_NORMAL;
            default:
                return random.nextGaussian() * s;
        }
    }

    private static long countNegativeZeros(long[] bits, Precision precision) {
        long negativeZero = precision == Precision.FLOAT ? Float.floatToRawIntBits(-0f) : Double.doubleToRawLongBits(-0.0);
        return java.util.Arrays.stream(bits).filter(b -> b == negativeZero).count();
    }

    private static long countSubnormals(long[] bits, Precision precision) {
        return java.util.Arrays.stream(bits).filter(b -> precision == Precision.FLOAT
                ? Math.abs(Float.intBitsToFloat((int) b)) < Float.MIN_NORMAL && (b & 0x7fffffff) != 0
                : Math.abs(Double.longBitsToDouble(b)) < Double.MIN_NORMAL && (b & 0x7fffffffffffffffL) != 0).count();
    }

    /** Runs {@link LoadTimeProbe} on the compilation's class files in a fresh JVM and returns its line. */
    private String probeInFreshJvm(CompiledClasses classes, String name) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(temp, "classes");
        for (String c : classes.names()) {
            Path file = dir.resolve(c.replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, classes.bytes(c));
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LoadTimeProbe.class.getName(), dir.toString(), name)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the load-time probe did not finish");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
