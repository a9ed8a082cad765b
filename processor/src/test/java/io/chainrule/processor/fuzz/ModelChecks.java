package io.chainrule.processor.fuzz;

import io.chainrule.DoubleModel;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.processor.GradientCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What a compiled model must do: describe the declared network, compute finite losses, give the
 * same bits on the batched path and the folded SGD step as on the per-example path, pass the
 * finite-difference check (double, small networks) and, for the same network in another code
 * shape, compute the same bits.
 */
final class ModelChecks {
    /** Largest network the finite-difference check runs on: parameters, units, layers. */
    static final int CHECK_PARAMETERS = 2_000;
    static final int CHECK_UNITS = 120;
    static final int CHECK_LAYERS = 8;
    /** Largest |loss| at a point of the finite-difference check (see {@link #gradientCheck}). */
    static final double MAX_CHECKED_LOSS = 10;

    /** Gradient checks that ran, and those that found no meaningful point (dead or vanishing layers). */
    static int gradientChecks;
    static int gradientInconclusive;
    /** Checks that disagreed at one point and agreed at the next (rounding, see {@link #gradientCheck}). */
    static int gradientRoundingErrors;
    static int shapeComparisons;

    private ModelChecks() {
    }

    /** A new instance of a generated class, whatever its access. */
    static Model instantiate(Class<?> generated) throws ReflectiveOperationException {
        Constructor<?> c = generated.getDeclaredConstructor();
        c.setAccessible(true);
        return (Model) c.newInstance();
    }

    /** The generated constants against the declaration; returns problems found. */
    static void constants(Class<?> generated, FuzzNetwork n, List<String> problems) throws ReflectiveOperationException {
        List<FuzzNetwork.Layer> layers = n.expanded();
        expect(problems, "INPUTS", n.inputs, staticInt(generated, "INPUTS"));
        expect(problems, "OUTPUTS", layers.get(layers.size() - 1).units(), staticInt(generated, "OUTPUTS"));
        expect(problems, "LAYERS", layers.size(), staticInt(generated, "LAYERS"));
        expect(problems, "PARAMETERS", n.parameters().longValue(), staticInt(generated, "PARAMETERS"));
        long footprint = staticInt(generated, "FOOTPRINT_BYTES");
        long least = 2 * n.parameters().longValue() * n.precision.bytes();
        if (footprint < least) {
            problems.add("FOOTPRINT_BYTES is " + footprint + ", less than the parameters and gradients alone (" + least + ")");
        }
    }

    private static long staticInt(Class<?> c, String name) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return ((Number) f.get(null)).longValue();
    }

    private static void expect(List<String> problems, String what, long expected, long actual) {
        if (expected != actual) {
            problems.add(what + " is " + actual + ", the declaration says " + expected);
        }
    }

    /** Runs the model; appends each broken promise to {@code problems}. */
    static void run(Model model, FuzzNetwork n, long seed, List<String> problems) {
        List<FuzzNetwork.Layer> layers = n.expanded();
        int outputs = layers.get(layers.size() - 1).units();
        expect(problems, "inputSize()", n.inputs, model.inputSize());
        expect(problems, "outputSize()", outputs, model.outputSize());
        expect(problems, "layerCount()", layers.size(), model.layerCount());
        expect(problems, "parameterCount()", n.parameters().longValue(), model.parameterCount());
        expect(problems, "classCount()", n.loss.classCount(outputs), model.classCount());
        if (model.loss() != n.loss || model.precision() != n.precision) {
            problems.add("loss()/precision() are " + model.loss() + "/" + model.precision());
        }
        for (int l = 1; l <= layers.size(); l++) {
            if (model.layerSize(l) != layers.get(l - 1).units() || model.activation(l) != layers.get(l - 1).activation()) {
                problems.add("layer " + l + " reads " + model.layerSize(l) + " " + model.activation(l) + ", declared "
                        + layers.get(l - 1).units() + " " + layers.get(l - 1).activation());
                break;
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        Numeric m = Numeric.of(model);
        double[][] parameters = m.parameters();
        long total = 0;
        for (double[] p : parameters) {
            total += p.length;
        }
        expect(problems, "parameterArrays().length", model.parameterArrayCount(), parameters.length);
        expect(problems, "the parameter arrays' total length", n.parameters().longValue(), total);
        for (int l = 1; l <= layers.size(); l++) {
            if (outputGradient(model, l) != layers.get(l - 1).units()) {
                problems.add("outputGradient(" + l + ") has " + outputGradient(model, l) + " values, the layer "
                        + layers.get(l - 1).units() + " units");
                break;
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        Random random = new Random(seed);
        model.initialize(seed);
        int rows = 5;
        int stride = n.inputs + 1;
        double[] x = new double[rows * stride];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        boolean classifier = n.loss.takesClassIndex();
        int[] labels = new int[rows];
        double[] targets = classifier ? null : new double[rows * outputs];
        for (int i = 0; i < rows; i++) {
            labels[i] = classifier ? random.nextInt(n.loss.classCount(outputs)) : -1;
        }
        if (targets != null) {
            for (int i = 0; i < targets.length; i++) {
                targets[i] = random.nextDouble() * 2 - 1;
            }
        }
        // one example: finite loss and outputs; lossAndGradient's loss is loss's
        double loss = m.loss(x, stride, labels[1], target(targets, 1, outputs));
        double[] out = m.predict(x, stride);
        if (!Double.isFinite(loss) || !finite(out)) {
            problems.add("loss " + loss + " or prediction " + Arrays.toString(out) + " not finite after initialize(" + seed + ")");
            return;
        }
        model.zeroGradients();
        double withGradient = m.lossAndGradient(x, stride, labels[1], target(targets, 1, outputs));
        if (Double.doubleToLongBits(withGradient) != Double.doubleToLongBits(loss)) {
            problems.add("lossAndGradient gives " + withGradient + ", loss gives " + loss);
        }
        for (double[] g : m.gradients()) {
            if (!finite(g)) {
                problems.add("a gradient is not finite");
                return;
            }
        }
        // the batched path gives the bits of the per-example path
        model.zeroGradients();
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            sum += m.lossAndGradient(x, i * stride, labels[i], target(targets, i, outputs));
        }
        double[][] perExample = m.gradients();
        model.zeroGradients();
        int[] all = {0, 1, 2, 3, 4};
        double batchSum = m.batch(x, stride, all, labels, targets, outputs);
        if (Double.doubleToLongBits(batchSum) != Double.doubleToLongBits(sum)) {
            problems.add("lossAndGradientBatch's loss " + batchSum + " differs from the per-example sum " + sum);
        } else if (!Arrays.deepEquals(perExample, m.gradients())) {
            problems.add("lossAndGradientBatch's gradients differ from the per-example path's");
        }
        // the folded SGD step gives the parameters of zeroGradients, lossAndGradient, Sgd.step
        double[][] start = m.parameters();
        model.zeroGradients();
        m.lossAndGradient(x, 2 * stride, labels[2], target(targets, 2, outputs));
        m.sgdReference(0.05);
        double[][] expected = m.parameters();
        m.setParameters(start);
        m.sgdStep(x, 2 * stride, labels[2], target(targets, 2, outputs), 0.05);
        if (!Arrays.deepEquals(expected, m.parameters())) {
            problems.add("sgdStep's parameters differ from zeroGradients + lossAndGradient + Sgd.step");
        }
        m.setParameters(start);
        if (model instanceof DoubleModel d && gradientCheckable(n, layers)) {
            gradientCheck(d, seed, problems);
        }
    }

    static boolean gradientCheckable(FuzzNetwork n, List<FuzzNetwork.Layer> layers) {
        int units = 0;
        for (FuzzNetwork.Layer l : layers) {
            units += l.units();
        }
        return n.precision == Precision.DOUBLE && layers.size() <= CHECK_LAYERS && units <= CHECK_UNITS
                && n.parameters().longValue() <= CHECK_PARAMETERS;
    }

    /**
     * GradientCheck with its tolerances. A point where the check finds nothing to measure (a layer
     * without gradient, no input away from the kinks), or where the loss is so large that the
     * finite differences' rounding error (about {@code 3e-13 |L|}) nears the check's absolute
     * tolerance of 1e-11, is replaced by the next one. A point where
     * the gradients disagree is confirmed at a second point: a wrong backward pass disagrees at
     * (almost) every point, while rounding exceeded the absolute tolerance at rare points of deep
     * networks (3 of 2,075 checks in a 5,000-case run before the loss bound, 1-4 times over it).
     */
    private static void gradientCheck(DoubleModel model, long seed, List<String> problems) {
        String mismatch = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            try {
                GradientCheck.Example e = GradientCheck.prepare(model, seed + attempt);
                if (Math.abs(GradientCheck.loss(model, e)) > MAX_CHECKED_LOSS) {
                    continue;
                }
                GradientCheck.check(model, e);
                gradientChecks++;
                if (mismatch != null) {
                    gradientRoundingErrors++;
                }
                return;
            } catch (AssertionError e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("all-zero gradient") || message.contains("zero everywhere")
                        || message.contains("found no input")) {
                    // nothing to measure at this point
                    continue;
                }
                if (mismatch != null) {
                    problems.add("gradient check: " + mismatch + "; and at a second point: " + message);
                    return;
                }
                mismatch = message;
            }
        }
        if (mismatch != null) {
            problems.add("gradient check: " + mismatch + " (no second point to confirm it)");
        } else {
            gradientInconclusive++;
        }
    }

    /**
     * The same network in different code shapes, {@code models[0]}'s parameters copied into the
     * others: predictions, losses, gradients and dL/dx agree to the last bit.
     */
    static void sameBits(List<Model> models, List<String> names, FuzzNetwork n, long seed, List<String> problems) {
        Numeric reference = Numeric.of(models.get(0));
        models.get(0).initialize(seed);
        Random random = new Random(seed);
        double[] x = new double[n.inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        int outputs = models.get(0).outputSize();
        int label = n.loss.takesClassIndex() ? random.nextInt(n.loss.classCount(outputs)) : -1;
        double[] target = label < 0 ? random.doubles(outputs, -1, 1).toArray() : null;
        double[] out = reference.predict(x, 0);
        models.get(0).zeroGradients();
        double loss = reference.lossAndGradient(x, 0, label, target);
        double[][] gradients = reference.gradients();
        double[] dx = reference.inputGradient();
        for (int k = 1; k < models.size(); k++) {
            shapeComparisons++;
            if (!models.get(k).architecture().equals(models.get(0).architecture())) {
                problems.add("architecture() differs between code shapes: " + models.get(k).architecture() + " vs "
                        + models.get(0).architecture());
            }
            Numeric other = Numeric.of(models.get(k));
            other.setParameters(reference.parameters());
            String which = names.get(k) + " vs " + names.get(0);
            if (!Arrays.equals(out, other.predict(x, 0))) {
                problems.add("predict differs between code shapes (" + which + ")");
                continue;
            }
            models.get(k).zeroGradients();
            double otherLoss = other.lossAndGradient(x, 0, label, target);
            if (Double.doubleToLongBits(otherLoss) != Double.doubleToLongBits(loss)) {
                problems.add("loss differs between code shapes (" + which + ")");
            } else if (!Arrays.deepEquals(gradients, other.gradients())) {
                problems.add("gradients differ between code shapes (" + which + ")");
            } else if (!Arrays.equals(dx, other.inputGradient())) {
                problems.add("dL/dx differs between code shapes (" + which + ")");
            }
        }
    }

    private static int outputGradient(Model model, int layer) {
        return model instanceof DoubleModel d ? d.outputGradient(layer).length
                : ((io.chainrule.FloatModel) model).outputGradient(layer).length;
    }

        private static double[] target(double[] targets, int row, int outputs) {
        return targets == null ? null : Arrays.copyOfRange(targets, row * outputs, (row + 1) * outputs);
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The cause of a failed reflective call, for a report. */
    static Throwable cause(Throwable t) {
        return t instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : t;
    }

}
