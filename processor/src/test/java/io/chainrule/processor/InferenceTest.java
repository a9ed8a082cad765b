package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DerivationPage;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import io.chainrule.io.ModelFileException;
import com.palantir.javapoet.ClassName;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.processor.emit.ClassFileBudget;
import io.chainrule.processor.emit.InferenceEmitter;
import io.chainrule.processor.plan.Planner;
import io.chainrule.processor.spec.LayerSpec;
import io.chainrule.processor.spec.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The inference class of a network against its training class: for every activation × loss ×
 * code shape × precision, and residual networks of every kind (skips of one and two layers, from
 * the input, projections) in every shape and precision, the inference class loads the training class's model file and
 * predicts the same bits. A file of another network never loads, and leaves the parameters as
 * they were.
 */
class InferenceTest {
    static final Precision[] PRECISIONS = Precision.values();
    /** Residual networks in two activations (the skip code does not depend on it; this keeps the compile short). */
    static final List<Activation> RESIDUAL_ACTIVATIONS = List.of(Activation.RELU, Activation.TANH);
    static List<Declaration> networks;
    static CompiledClasses classes;

    @BeforeAll
    static synchronized void compileAll() throws Exception {
        if (classes != null) {
            return; // compiled already, for LossAndPredictBatchTest in this JVM
        }
        networks = new ArrayList<>();
        for (Precision precision : PRECISIONS) {
            for (Activation activation : Activation.values()) {
                for (Loss loss : Loss.values()) {
                    // 5-9-10-K: split dot products, part methods of unrolled layers
                    int outputs = loss == Loss.SIGMOID_CROSS_ENTROPY ? 2 : 3;
                    Activation output = loss == Loss.MEAN_SQUARED_ERROR ? activation : Activation.IDENTITY;
                    for (CodeShape shape : GradientCheckTest.SHAPES) {
                        networks.add(new Declaration("inf", "N_" + activation + "_" + loss + "_" + shape + "_" + precision,
                                5, new int[] {9, 10, outputs}, new Activation[] {activation, activation, output}, loss,
                                precision, shape));
                    }
                }
                if (RESIDUAL_ACTIVATIONS.contains(activation)) {
                    addResidualNetworks(activation, precision);
                }
            }
        }
        long start = System.nanoTime();
        Path resources = Files.createTempDirectory("inference"); // none are read: an empty source path
        Compilation compilation;
        try {
            compilation = Inferences.compile(resources, Inferences.withInference(networks));
        } finally {
            Files.delete(resources);
        }
        System.out.printf("compiled %d networks and their inference classes in %.1f s%n", networks.size(),
                (System.nanoTime() - start) / 1e9);
        assertThat(compilation).succeeded();
        // the networks' own warnings (identity hidden layers, an activation before a classification head)
        // are theirs; neither the inference declarations nor any generated class adds one
        for (javax.tools.Diagnostic<? extends javax.tools.JavaFileObject> w : compilation.warnings()) {
            String file = w.getSource() == null ? "(no file)" : w.getSource().getName();
            assertTrue(!file.endsWith("Inference.java") && !file.endsWith("Model.java"), file + ": " + w.getMessage(null));
        }
        classes = new CompiledClasses(compilation);
    }

    /** The residual networks of {@code GradientCheckTest}, in one activation and precision. */
    private static void addResidualNetworks(Activation a, Precision precision) {
        Activation i = Activation.IDENTITY;
        Object[][] residual = {
            {5, new int[] {6, 6, 6, 3}, new Activation[] {a, a, a, i}, new int[] {0, 1, 2, 0}, new boolean[4]},
            {4, new int[] {4, 7, 3}, new Activation[] {a, a, a}, new int[] {1, 1, 2}, new boolean[] {false, true, true}},
            {3, new int[] {9, 9, 10, 4}, new Activation[] {a, a, a, i}, new int[] {0, 1, 2, 1},
                new boolean[] {false, false, true, true}},
            {5, new int[] {5, 5, 3}, new Activation[] {a, a, i}, new int[] {0, 2, 3}, new boolean[] {false, false, true}},
            {3, new int[] {3, 5, 8}, new Activation[] {a, a, i}, new int[] {0, 0, 2}, new boolean[] {false, false, true}},
            // runs of alike layers, whose forward methods the inference class shares as the training class does
            {4, new int[] {5, 5, 5, 5, 5, 3}, new Activation[] {a, a, a, a, a, i}, new int[] {0, 1, 1, 1, 1, 0},
                new boolean[6]},
            {3, new int[] {6, 6, 6, 6, 6, 6, 2}, new Activation[] {a, a, a, a, a, a, i}, new int[] {0, 0, 2, 2, 2, 2, 0},
                new boolean[] {false, false, true, true, true, true, false}},
        };
        Loss[] losses = {Loss.SOFTMAX_CROSS_ENTROPY, Loss.MEAN_SQUARED_ERROR, Loss.MULTICLASS_HINGE,
            Loss.SIGMOID_CROSS_ENTROPY, Loss.MEAN_SQUARED_ERROR, Loss.SOFTMAX_CROSS_ENTROPY, Loss.MEAN_SQUARED_ERROR};
        for (int n = 0; n < residual.length; n++) {
            Object[] net = residual[n];
            for (CodeShape shape : GradientCheckTest.SHAPES) {
                networks.add(new Declaration("inf", "R_" + a + "_" + n + "_" + shape + "_" + precision,
                        (Integer) net[0], (int[]) net[1], (Activation[]) net[2], (int[]) net[3], (boolean[]) net[4],
                        losses[n], precision, shape));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> inferenceClassPredictsTheTrainingClassesBits() {
        return networks.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            Model training = classes.newInstance(d.generatedName(), Model.class);
            Predictor inference = classes.newInstance(Inferences.generatedName(d), Predictor.class);
            assertEquals(training.architecture(), inference.architecture());
            Random random = new Random(d.name().hashCode());
            Inferences.randomize(training, random);
            Inferences.load(inference, Inferences.save(training));
            assertArrayEquals(Inferences.parameterBits(training), Inferences.parameterBits(inference));
            for (int example = 0; example < 8; example++) {
                double[] x = new double[training.inputSize()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = example == 0 && j % 2 == 0 ? 0.0 : random.nextGaussian() * 2;
                }
                long[] expected = Inferences.predictionBits(training, x);
                assertArrayEquals(expected, Inferences.predictionBits(inference, x), "example " + example);
                // a second call gives the same bits: nothing is left over from the last one
                assertArrayEquals(expected, Inferences.predictionBits(inference, x), "example " + example + " again");
            }
        }));
    }

    /**
     * {@code predictBatch} gives {@code predict}'s bits for every example, in the inference class
     * and in the training class, in chunks of {@code maxBatch} (3 here: 7 examples take chunks of
     * 3, 3 and 1) and at offsets in both arrays; the training class's gradients stay as they were.
     */
    @TestFactory
    Stream<DynamicTest> predictBatchGivesTheBitsOfPredict() {
        return networks.stream().flatMap(d -> Stream.of(Inferences.generatedName(d), d.generatedName())
                .map(name -> DynamicTest.dynamicTest(name, () -> assertPredictBatchGivesTheBitsOfPredict(d, name))));
    }

    /** {@link #predictBatchGivesTheBitsOfPredict} for the class {@code name} generated for {@code d}. */
    private static void assertPredictBatchGivesTheBitsOfPredict(Declaration d, String name) throws Exception {
        Predictor batched = classes.newInstance(name, Predictor.class, 3);
        Predictor single = classes.newInstance(name, Predictor.class);
        Random random = new Random(d.name().hashCode() + 1);
        Inferences.randomize(batched, random);
        Inferences.load(single, Inferences.save(batched));
        int count = 7;
        int in = batched.inputSize();
        int k = batched.outputSize();
        double[] x = new double[2 + count * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 2;
        }
        long[] expected = new long[count * k];
        for (int e = 0; e < count; e++) {
            long[] one = Inferences.predictionBits(single, java.util.Arrays.copyOfRange(x, 2 + e * in, 2 + (e + 1) * in));
            System.arraycopy(one, 0, expected, e * k, k);
        }
        assertArrayEquals(expected, Inferences.batchPredictionBits(batched, x, 2, count, 5));
        // and the default batch size, whose single chunk holds them all
        assertArrayEquals(expected, Inferences.batchPredictionBits(single, x, 2, count, 0));
        if (batched instanceof FloatModel f) {
            for (float[] gradient : f.gradientArrays()) {
                assertArrayEquals(new float[gradient.length], gradient, name + ": predictBatch touched the gradients");
            }
        } else if (batched instanceof DoubleModel f) {
            for (double[] gradient : f.gradientArrays()) {
                assertArrayEquals(new double[gradient.length], gradient, name + ": predictBatch touched the gradients");
            }
        }
    }

    @Test
    void everyActivationLossShapeAndPrecisionIsCovered() {
        long plain = networks.stream().filter(d -> d.name().startsWith("N_")).count();
        long residual = networks.stream().filter(d -> d.name().startsWith("R_")).count();
        int combinations = Activation.values().length * GradientCheckTest.SHAPES.length * PRECISIONS.length;
        assertEquals(combinations * Loss.values().length, plain);
        assertEquals(RESIDUAL_ACTIVATIONS.size() * GradientCheckTest.SHAPES.length * PRECISIONS.length * 7, residual);
        // AUTO mixes the shapes in one network: unrolled tiny layers, loops for the rest
        String auto = Inferences.generatedName(networks.stream()
                .filter(d -> d.name().equals("N_RELU_SOFTMAX_CROSS_ENTROPY_AUTO_FLOAT")).findFirst().orElseThrow());
        Map<String, Integer> methods = ClassFiles.codeLengths(classes.bytes(auto));
        assertTrue(methods.keySet().stream().anyMatch(m -> m.startsWith("forward1(")), methods.toString());
        // a run of alike layers shares one forward method, per example and batched
        String runs = Inferences.generatedName(networks.stream()
                .filter(d -> d.name().equals("R_TANH_5_LOOPS_FLOAT")).findFirst().orElseThrow());
        Map<String, Integer> shared = ClassFiles.codeLengths(classes.bytes(runs));
        assertTrue(shared.keySet().stream().anyMatch(m -> m.startsWith("forward2To5("))
                && shared.keySet().stream().anyMatch(m -> m.startsWith("batchForward2To5(")), shared.toString());
    }

    /** What the inference class holds: no gradient or batch fields, no backward methods. */
    @Test
    void inferenceClassesHaveNoTrainingMembers() throws Exception {
        for (Declaration d : networks) {
            Class<?> type = classes.loadClass(Inferences.generatedName(d));
            for (java.lang.reflect.Field f : type.getDeclaredFields()) {
                String name = f.getName();
                assertTrue(!name.startsWith("d") && !name.startsWith("batchD") && !name.equals("gradients")
                        && !name.equals("partial") && !name.equals("outputGradients"), d.name() + " has " + name);
            }
            for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                String name = m.getName();
                boolean training = name.contains("backward") || name.contains("Gradient") || name.contains("Loss")
                        || name.startsWith("lossAnd") || name.startsWith("initialize") || name.contains("sgd")
                        || name.startsWith("keepExample") || (name.equals("loss") && m.getParameterCount() > 0);
                assertTrue(!training, d.name() + " has " + m);
            }
            assertTrue(!Model.class.isAssignableFrom(type), d.name());
        }
    }

    /**
     * Bytecode: no method of an inference class is too large for the JIT, and nothing but the
     * constructor (with its part methods) allocates.
     */
    @Test
    void predictionPathFitsTheJitAndNeverAllocates() {
        for (Declaration d : networks) {
            byte[] bytes = classes.bytes(Inferences.generatedName(d));
            for (Map.Entry<String, Integer> m : ClassFiles.codeLengths(bytes).entrySet()) {
                assertTrue(m.getValue() < GeneratedBytecodeTest.MAX_METHOD_BYTES, d.name() + "." + m);
            }
            assertEquals(List.of(), ClassFiles.allocations(bytes, List.of("<init>", "<clinit>", "allocateLayers",
                    "allocateBatchBuffers")), d.name());
            assertTrue(ClassFiles.allocations(bytes, List.of()).stream().anyMatch(s -> s.startsWith("<init>: ")));
        }
    }

    /**
     * The constant-pool estimate the processor checks an inference class against bounds the real
     * count from above, and closely (as {@code ClassFileBudgetTest} checks it for training classes).
     */
    @Test
    void constantPoolEstimateBoundsTheInferenceClass() {
        for (Declaration d : networks) {
            List<LayerSpec> layers = new ArrayList<>();
            for (int l = 0; l < d.units().length; l++) {
                layers.add(new LayerSpec(d.units()[l], d.activations()[l], d.skips()[l], d.projections()[l], l));
            }
            NetworkSpec spec = new NetworkSpec(d.pkg(), List.of(d.name() + "Inference"), true, true, false, false,
                    Set.of(), d.name() + "InferenceModel", d.inputs(), layers, d.loss(), d.precision(), d.shape(),
                    DerivationPage.NONE);
            long estimate = ClassFileBudget.constantPoolEntries(InferenceEmitter.emit(Planner.plan(spec),
                    ClassName.get(d.pkg(), d.name()), Optional.empty(), Optional.of(ClassName.get("javax.annotation",
                            "Generated")), NetworkProcessor.class.getName(), "Chainrule " + NetworkProcessor.VERSION));
            int real = ClassFiles.constantPoolEntries(classes.bytes(Inferences.generatedName(d)));
            assertTrue(estimate >= real, d.name() + ": estimated " + estimate + " < real " + real);
            assertTrue(estimate <= real * 1.1 + 300, d.name() + ": estimated " + estimate + " for real " + real);
        }
    }

    /**
     * A model file of another network, a truncated or a corrupted one never loads, and the
     * inference class keeps every parameter it had.
     */
    @Test
    void aMismatchedFileNeverLoadsPartially() throws Exception {
        Declaration target = networks.get(0);
        Declaration other = networks.stream()
                .filter(d -> d.precision() == target.precision() && !d.name().equals(target.name())
                        && classes.newInstance(d.generatedName(), Model.class).parameterCount()
                                == classes.newInstance(target.generatedName(), Model.class).parameterCount()
                        && !classes.newInstance(d.generatedName(), Model.class).architecture()
                                .equals(classes.newInstance(target.generatedName(), Model.class).architecture()))
                .findFirst().orElseThrow();
        Predictor inference = classes.newInstance(Inferences.generatedName(target), Predictor.class);
        Inferences.randomize(inference, new Random(7));
        long[] before = Inferences.parameterBits(inference);

        Model otherModel = classes.newInstance(other.generatedName(), Model.class);
        Inferences.randomize(otherModel, new Random(8));
        byte[] otherFile = Inferences.save(otherModel);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Inferences.load(inference, otherFile));
        assertTrue(e.getMessage().contains("architecture mismatch"), e.getMessage());
        assertArrayEquals(before, Inferences.parameterBits(inference));

        Model same = classes.newInstance(target.generatedName(), Model.class);
        Inferences.randomize(same, new Random(9));
        byte[] good = Inferences.save(same);
        byte[] truncated = Arrays.copyOf(good, good.length - 9);
        assertThrows(ModelFileException.class, () -> Inferences.load(inference, truncated));
        assertArrayEquals(before, Inferences.parameterBits(inference));
        byte[] corrupted = good.clone();
        corrupted[good.length / 2] ^= 0x10;
        ModelFileException c = assertThrows(ModelFileException.class, () -> Inferences.load(inference, corrupted));
        assertTrue(c.getMessage().contains("checksum"), c.getMessage());
        assertArrayEquals(before, Inferences.parameterBits(inference));

        Inferences.load(inference, good);
        assertArrayEquals(Inferences.parameterBits(same), Inferences.parameterBits(inference));
    }

    /** A file saved from the inference class loads into the training class: the format is shared both ways. */
    @Test
    void aFileSavedFromTheInferenceClassLoadsIntoTheTrainingClass() throws Exception {
        for (Declaration d : List.of(networks.get(1), networks.get(networks.size() - 1))) {
            Predictor inference = classes.newInstance(Inferences.generatedName(d), Predictor.class);
            Inferences.randomize(inference, new Random(11));
            Model training = classes.newInstance(d.generatedName(), Model.class);
            Inferences.load(training, Inferences.save(inference));
            assertArrayEquals(Inferences.parameterBits(inference), Inferences.parameterBits(training), d.name());
        }
    }
}
