package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated backward pass against finite differences, for every activation × loss × code
 * shape on three network shapes each: one fixed (5-9-10-K, which exercises the split dot
 * products and the part methods of UNROLLED) and two random ones.
 */
class GradientCheckTest {
    /** The shapes every network is generated in; AUTO mixes unrolled and loop layers in one class. */
    static final CodeShape[] SHAPES = {CodeShape.UNROLLED, CodeShape.LOOPS, CodeShape.AUTO};
    static final int NETWORKS_PER_COMBINATION = 3;

    static List<Declaration> declarations;
    static CompiledClasses classes;

    @BeforeAll
    static void compileAll() {
        if (classes != null) {
            return; // compiled already, for another test class in this JVM
        }
        declarations = new ArrayList<>();
        Random random = new Random(20261128);
        for (Activation activation : Activation.values()) {
            for (Loss loss : Loss.values()) {
                for (int n = 0; n < NETWORKS_PER_COMBINATION; n++) {
                    int[] units = n == 0 ? new int[] {9, 10, outputs(loss, random)} : randomUnits(loss, random);
                    int inputs = n == 0 ? 5 : 2 + random.nextInt(9);
                    Activation[] activations = new Activation[units.length];
                    for (int l = 0; l < units.length; l++) {
                        boolean output = l == units.length - 1;
                        activations[l] = output && loss != Loss.MEAN_SQUARED_ERROR ? Activation.IDENTITY : activation;
                    }
                    for (CodeShape shape : SHAPES) {
                        String name = "N_" + activation + "_" + loss + "_" + n + "_" + shape;
                        declarations.add(new Declaration("grad", name, inputs, units, activations, loss,
                                Precision.DOUBLE, shape));
                    }
                }
            }
        }
        addResidualNetworks();
        Compilation compilation = Networks.compile(declarations);
        assertThat(compilation).succeeded();
        classes = new CompiledClasses(compilation);
    }

    /**
     * Residual networks for every activation and shape: single-layer skips, two-layer blocks, a
     * skip from the input, projections between different widths (also into the output layer),
     * and layers of 8 or more units, whose dot products are split in four; skips from the input
     * into the second and third layer (plain and projected); runs of alike layers.
     */
    private static void addResidualNetworks() {
        Activation i = Activation.IDENTITY;
        for (Activation a : Activation.values()) {
            Object[][] networks = {
                {5, new int[] {6, 6, 6, 3}, new Activation[] {a, a, a, i}, new int[] {0, 1, 2, 0}, new boolean[4]},
                {4, new int[] {4, 7, 3}, new Activation[] {a, a, a}, new int[] {1, 1, 2},
                    new boolean[] {false, true, true}},
                {3, new int[] {9, 9, 10, 4}, new Activation[] {a, a, a, i}, new int[] {0, 1, 2, 1},
                    new boolean[] {false, false, true, true}},
                // skips from the input into the second and third layers, plain and projected (5 -> 3)
                {5, new int[] {5, 5, 3}, new Activation[] {a, a, i}, new int[] {0, 2, 3},
                    new boolean[] {false, false, true}},
                // in AUTO, layer 2 is unrolled and adds P3 · dL/dh3, a dot product over 8 units, to
                // dL/dh1 (the scratch buffer of split dot products), while layer 3 is in loops
                {3, new int[] {3, 5, 8}, new Activation[] {a, a, i}, new int[] {0, 0, 2},
                    new boolean[] {false, false, true}},
                // runs of alike layers, which share one method per pass: layers 2 .. 5, and
                // projected skips of two layers in layers 3 .. 6 (whose backward reads dL/dh of l + 1)
                {4, new int[] {5, 5, 5, 5, 5, 3}, new Activation[] {a, a, a, a, a, i}, new int[] {0, 1, 1, 1, 1, 0},
                    new boolean[6]},
                {3, new int[] {6, 6, 6, 6, 6, 6, 2}, new Activation[] {a, a, a, a, a, a, i},
                    new int[] {0, 0, 2, 2, 2, 2, 0}, new boolean[] {false, false, true, true, true, true, false}},
            };
            Loss[] losses = {Loss.SOFTMAX_CROSS_ENTROPY, Loss.MEAN_SQUARED_ERROR, Loss.MULTICLASS_HINGE,
                Loss.SIGMOID_CROSS_ENTROPY, Loss.MEAN_SQUARED_ERROR, Loss.SOFTMAX_CROSS_ENTROPY, Loss.MEAN_SQUARED_ERROR};
            for (int n = 0; n < networks.length; n++) {
                Object[] net = networks[n];
                for (CodeShape shape : SHAPES) {
                    declarations.add(new Declaration("grad", "R_" + a + "_" + n + "_" + shape, (Integer) net[0],
                            (int[]) net[1], (Activation[]) net[2], (int[]) net[3], (boolean[]) net[4], losses[n],
                            Precision.DOUBLE, shape));
                }
            }
        }
    }

    private static int outputs(Loss loss, Random random) {
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY:
            case MULTICLASS_HINGE:
                return 2 + random.nextInt(4);
            default:
                return 1 + random.nextInt(3);
        }
    }

    private static int[] randomUnits(Loss loss, Random random) {
        int hidden = 1 + random.nextInt(2);
        int[] units = new int[hidden + 1];
        for (int l = 0; l < hidden; l++) {
            units[l] = 1 + random.nextInt(12);
        }
        units[hidden] = outputs(loss, random);
        return units;
    }

    /**
     * The runs of alike layers above share their methods, so the gradient checks cover shared code:
     * layers 2 .. 5, and 3 .. 6 forward, 3 .. 5 backward (layer 6 passes no skip gradient on, since
     * no layer skips from layer 5). With the identity, layers 1 and 2 are linear (their h is their
     * z), so the first run is 3 .. 5 and the second has at most two alike layers, too few to share.
     */
    @Test
    void runsOfAlikeLayersShareTheirMethods() throws ClassNotFoundException {
        for (Activation a : Activation.values()) {
            for (CodeShape shape : SHAPES) {
                Set<String> shared = new TreeSet<>();
                for (String net : new String[] {"5", "6"}) {
                    for (Method m : classes.loadClass("grad.R_" + a + "_" + net + "_" + shape + "Model").getDeclaredMethods()) {
                        if (m.getName().matches("(forward|backward|backwardStep)\\d+To\\d+")) {
                            shared.add(net + ":" + m.getName());
                        }
                    }
                }
                Set<String> expected = a == Activation.IDENTITY
                        ? Set.of("5:forward3To5", "5:backward3To5", "5:backwardStep3To5")
                        : Set.of("5:forward2To5", "5:backward2To5", "5:backwardStep2To5",
                                "6:forward3To6", "6:backward3To5", "6:backwardStep3To5");
                assertEquals(new TreeSet<>(expected), shared, a + " " + shape);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> backwardPassMatchesFiniteDifferences() {
        return declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            DoubleModel model = classes.newInstance(d.generatedName(), DoubleModel.class);
            for (long seed = 1; seed <= 2; seed++) {
                GradientCheck.Example example = GradientCheck.prepare(model, seed);
                double worst = GradientCheck.check(model, example);
                assertTrue(worst < GradientCheck.TOLERANCE);
            }
        }));
    }

    @Test
    void everyActivationLossAndShapeIsCovered() {
        long plain = declarations.stream().filter(d -> d.name().startsWith("N_")).count();
        long residual = declarations.stream().filter(d -> d.name().startsWith("R_")).count();
        assertEquals(Activation.values().length * Loss.values().length * SHAPES.length * NETWORKS_PER_COMBINATION, plain);
        assertEquals(Activation.values().length * SHAPES.length * 7, residual);
    }

    /**
     * UNROLLED, LOOPS and AUTO sum in the same order, so they agree to the last bit, forward and
     * backward.
     */
    @Test
    void everyShapeComputesTheSameBits() {
        for (int i = 0; i < declarations.size(); i += SHAPES.length) {
            DoubleModel loops = classes.newInstance(declarations.get(i + 1).generatedName(), DoubleModel.class);
            GradientCheck.Example e = GradientCheck.prepare(loops, i);
            double[] outLoops = new double[loops.outputSize()];
            loops.predict(e.x(), 0, outLoops);
            loops.zeroGradients();
            double lossLoops = GradientCheck.lossAndGradient(loops, e);
            double[] dxLoops = new double[loops.inputSize()];
            loops.inputGradient(dxLoops);
            for (int s = 0; s < SHAPES.length; s++) {
                if (SHAPES[s] == CodeShape.LOOPS) {
                    continue;
                }
                Declaration other = declarations.get(i + s);
                DoubleModel model = classes.newInstance(other.generatedName(), DoubleModel.class);
                double[][] from = loops.parameterArrays();
                double[][] to = model.parameterArrays();
                for (int k = 0; k < from.length; k++) {
                    System.arraycopy(from[k], 0, to[k], 0, from[k].length);
                }
                double[] out = new double[model.outputSize()];
                model.predict(e.x(), 0, out);
                assertArrayEquals(outLoops, out, 0.0, other.name());
                model.zeroGradients();
                assertEquals(lossLoops, GradientCheck.lossAndGradient(model, e), 0.0, other.name());
                for (int k = 0; k < from.length; k++) {
                    assertArrayEquals(loops.gradientArrays()[k], model.gradientArrays()[k], 0.0,
                            other.name() + " gradient array " + k);
                }
                double[] dx = new double[model.inputSize()];
                model.inputGradient(dx);
                assertArrayEquals(dxLoops, dx, 0.0, other.name());
            }
        }
    }
}
