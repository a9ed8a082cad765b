package io.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.DoubleModel;
import io.chainrule.DoubleTraceable;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.train.StepTrace;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The step trace ({@link StepTrace}) on every network of the gradient checks (every activation ×
 * loss × code shape, and the residual networks) and of the float checks: its values are the
 * generated code's own, to the bit, and its finite differences agree with them within the
 * tolerances of {@link GradientCheck} (double) and {@link FloatModelTest} (float), on examples
 * chosen by {@link GradientCheck#prepare} away from every kink, with every layer's gradient
 * non-zero so that the agreement means something. A model whose gradient or resumed forward pass
 * is wrong makes the trace disagree.
 */
class StepTraceTest {
    @BeforeAll
    static void compile() {
        GradientCheckTest.compileAll();
        FloatModelTest.compileAll();
    }

    @TestFactory
    Stream<DynamicTest> doubleTracesAgreeWithFiniteDifferencesAndWithTheModel() {
        return GradientCheckTest.declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            DoubleModel model = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
            GradientCheck.Example e = GradientCheck.prepare(model, 1);
            Dataset data = dataset(model, e);
            StepTrace trace = StepTrace.of(model, data, 0);
            assertEquals(trace.estimateCount(), trace.agreeingCount(), d.name() + "\n" + trace);
            assertEqualsModel(model, e, trace, d);
            assertGradientInEveryLayer(trace, model.layerCount(), 1e-6, d.name());
        }));
    }

    @TestFactory
    Stream<DynamicTest> floatTracesAgreeWithFiniteDifferencesAndWithTheModel() {
        return FloatModelTest.twins.stream().map(pair -> DynamicTest.dynamicTest(pair[0].name(), () -> {
            FloatModel f = FloatModelTest.classes.newInstance(pair[0].generatedName(), FloatModel.class);
            DoubleModel d = FloatModelTest.classes.newInstance(pair[1].generatedName(), DoubleModel.class);
            GradientCheck.Example e = FloatModelTest.exampleWithGradientInEveryLayer(d);
            for (int k = 0; k < f.parameterArrays().length; k++) {
                for (int i = 0; i < f.parameterArrays()[k].length; i++) {
                    f.parameterArrays()[k][i] = (float) d.parameterArrays()[k][i];
                }
            }
            StepTrace trace = StepTrace.of(f, dataset(d, e).toPrecision(f.precision()), 0);
            assertEquals(trace.estimateCount(), trace.agreeingCount(), pair[0].name() + "\n" + trace);
            assertGradientInEveryLayer(trace, f.layerCount(), 1e-4, pair[0].name());
        }));
    }

    /** A wrong backward pass (gradients 1% too large) and a resumed pass that ignores h are both caught. */
    @Test
    void wrongGradientsDisagree() {
        Declaration d = GradientCheckTest.declarations.get(0);
        DoubleModel model = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
        GradientCheck.Example e = GradientCheck.prepare(model, 1);
        Dataset data = dataset(model, e);
        StepTrace scaled = StepTrace.of(wrong(model, "lossAndGradient"), data, 0);
        assertEquals(0, agreeing(scaled, "dL/dW1"), scaled.toString());
        assertEquals(agreeing(scaled, "dL/dh1"), scaled.quantity("dL/dh1").shown(), "dL/dh is read, not summed");
        StepTrace frozen = StepTrace.of(wrong(model, "lossFromLayer"), data, 0);
        assertEquals(0, agreeing(frozen, "dL/dh1"), frozen.toString());
        assertEquals(agreeing(frozen, "dL/dW1"), frozen.quantity("dL/dW1").shown());
    }

    @Test
    void aTraceLeavesParametersAndGradientsAsTheyWere() {
        Declaration d = GradientCheckTest.declarations.get(0);
        DoubleModel model = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
        GradientCheck.Example e = GradientCheck.prepare(model, 1);
        model.zeroGradients();
        GradientCheck.lossAndGradient(model, e);
        double[][] parameters = copy(model.parameterArrays());
        double[][] gradients = copy(model.gradientArrays());
        StepTrace.of(model, dataset(model, e), 0);
        for (int k = 0; k < parameters.length; k++) {
            assertArrayEquals(parameters[k], model.parameterArrays()[k], 0.0);
            assertArrayEquals(gradients[k], model.gradientArrays()[k], 0.0);
        }
    }

    @Test
    void aScopeLimitsValuesAndLayers() {
        Declaration d = GradientCheckTest.declarations.get(0);
        DoubleModel model = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
        GradientCheck.Example e = GradientCheck.prepare(model, 1);
        StepTrace trace = StepTrace.of(model, dataset(model, e), 0, StepTrace.Scope.all().values(2).layers(2, 2));
        assertEquals(null, trace.quantity("z1"));
        assertEquals(2, trace.quantity("dL/dW2").shown());
        assertEquals(model.layerSize(1) * model.layerSize(2), trace.quantity("dL/dW2").size());
        assertEquals(2, trace.quantity("dL/dx").shown());
        assertTrue(trace.toString().contains("(" + (model.layerSize(1) * model.layerSize(2) - 2) + " more)"), trace.toString());
        assertThrows(IllegalArgumentException.class, () -> StepTrace.of(model, dataset(model, e), 1));
    }

    /**
     * {@code lossFromLayer} from layer 1 is the full forward pass, from the layer past the last the
     * loss alone; a layer outside 1 .. L + 1 is an error.
     */
    @Test
    void lossFromLayerResumesTheForwardPass() {
        Declaration d = GradientCheckTest.declarations.get(0);
        DoubleTraceable model = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleTraceable.class);
        GradientCheck.Example e = GradientCheck.prepare(model, 1);
        double loss = model.loss(e.x(), 0, e.label());
        assertEquals(loss, model.lossFromLayer(1, e.x(), 0, e.label()), 0.0);
        assertEquals(loss, model.lossFromLayer(model.layerCount() + 1, e.x(), 0, e.label()), 0.0);
        assertEquals(loss, model.lossFromLayer(2, new double[e.x().length], 0, e.label()), 0.0,
                "layer 2 reads h1, not x");
        assertEquals("layer 0 is out of range: the forward pass resumes at a layer 1.." + model.layerCount()
                        + ", or at " + (model.layerCount() + 1) + " for the loss alone",
                assertThrows(IllegalArgumentException.class, () -> model.lossFromLayer(0, e.x(), 0, e.label()))
                        .getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> model.lossFromLayer(model.layerCount() + 2, e.x(), 0, e.label()));
    }

    /** Every value of the trace is the model's own after {@code lossAndGradient}, bit for bit. */
    private static void assertEqualsModel(DoubleModel model, GradientCheck.Example e, StepTrace trace, Declaration d)
            throws ReflectiveOperationException {
        model.zeroGradients();
        double loss = GradientCheck.lossAndGradient(model, e);
        assertEquals(loss, trace.loss(), 0.0);
        int arrays = 0;
        for (int l = 1; l <= model.layerCount(); l++) {
            assertSame(field(model, "z" + l), trace.quantity("z" + l), d);
            if (hasField(model, "h" + l)) {
                assertSame(field(model, "h" + l), trace.quantity("h" + l), d);
            }
            if (hasField(model, "a" + l)) {
                assertSame(field(model, "a" + l), trace.quantity("a" + l), d);
            }
            assertSame(model.outputGradient(l), trace.quantity("dL/dh" + l), d);
            if (hasField(model, "dh" + l)) {
                assertSame(field(model, "dz" + l), trace.quantity("dL/dz" + l), d);
            }
            for (String g : new String[] {"dL/dW" + l, "dL/db" + l, "dL/dP" + l}) {
                StepTrace.Quantity q = trace.quantity(g);
                if (q == null) {
                    continue;
                }
                int rows = Math.max(1, q.rows());
                for (int k = 0; k < q.size(); k++) {
                    assertEquals(model.gradientArrays()[arrays + k / q.columns()][k % q.columns()], q.value(k), 0.0,
                            d.name() + " " + q.element(k));
                }
                arrays += rows;
            }
        }
        assertEquals(model.parameterArrayCount(), arrays);
        double[] dx = new double[model.inputSize()];
        model.inputGradient(dx);
        assertSame(dx, trace.quantity("dL/dx"), d);
    }

    private static void assertSame(double[] expected, StepTrace.Quantity q, Declaration d) {
        assertEquals(expected.length, q.size(), d.name() + " " + q.name());
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], q.value(k), 0.0, d.name() + " " + q.element(k));
        }
    }

    /** The guard against a false pass: every layer has a weight gradient and a dL/dh above {@code floor}, and so has x. */
    private static void assertGradientInEveryLayer(StepTrace trace, int layers, double floor, String name) {
        for (int l = 1; l <= layers; l++) {
            assertTrue(maxAbs(trace.quantity("dL/dW" + l)) > floor, name + ": dL/dW" + l + " is all but zero");
            assertTrue(maxAbs(trace.quantity("dL/dh" + l)) > floor, name + ": dL/dh" + l + " is all but zero");
        }
        assertTrue(maxAbs(trace.quantity("dL/dx")) > floor, name + ": dL/dx is all but zero");
    }

    private static double maxAbs(StepTrace.Quantity q) {
        double max = 0;
        for (int k = 0; k < q.shown(); k++) {
            max = Math.max(max, Math.abs(q.value(k)));
        }
        return max;
    }

    private static int agreeing(StepTrace trace, String name) {
        StepTrace.Quantity q = trace.quantity(name);
        int n = 0;
        for (int k = 0; k < q.shown(); k++) {
            n += q.agrees(k) ? 1 : 0;
        }
        return n;
    }

    /**
     * {@code model}, but with {@code method} wrong: {@code lossAndGradient} leaves the gradient
     * arrays 1% too large; {@code lossFromLayer} returns the loss of the full forward pass, as if
     * the buffer it should start from were not read.
     */
    private static DoubleTraceable wrong(DoubleModel model, String method) {
        return (DoubleTraceable) Proxy.newProxyInstance(StepTraceTest.class.getClassLoader(),
                new Class<?>[] {DoubleTraceable.class}, (proxy, m, args) -> {
                    try {
                        if (m.getName().equals(method) && method.equals("lossFromLayer")) {
                            return model.loss((double[]) args[1], (int) args[2], (int) args[3]);
                        }
                        Object result = m.invoke(model, args);
                        if (m.getName().equals(method)) {
                            for (double[] g : model.gradientArrays()) {
                                for (int i = 0; i < g.length; i++) {
                                    g[i] *= 1.01;
                                }
                            }
                        }
                        return result;
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    static Dataset dataset(Model model, GradientCheck.Example e) {
        return e.target() == null
                ? Dataset.ofLabels(e.x().clone(), e.x().length, new int[] {e.label()}, model.classCount())
                : Dataset.ofTargets(e.x().clone(), e.x().length, e.target().clone(), e.target().length);
    }

    private static double[] field(Object model, String name) throws ReflectiveOperationException {
        Field f = model.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return (double[]) f.get(model);
    }

    private static boolean hasField(Object model, String name) {
        try {
            model.getClass().getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static double[][] copy(double[][] arrays) {
        double[][] copy = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            copy[k] = arrays[k].clone();
        }
        return copy;
    }
}
