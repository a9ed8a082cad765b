package io.chainrule.train;

import io.chainrule.Activation;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.io.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes one {@link StepTrace}: runs the model's {@code lossAndGradient} on the example, copies
 * what its buffers and gradient arrays hold, then takes the finite differences, and finally puts
 * back the gradient arrays it found. The estimates of {@code dL/dh} come first, while the buffers
 * still hold the example's forward pass: each perturbs one {@code h} and reruns only the layers
 * above it, from the top layer down, so the buffers below the perturbed one stay the example's.
 */
final class TraceRun {
    private final Model model;
    private final Architecture architecture;
    private final TraceProbe probe;
    private final StepTrace.Scope scope;
    private final Precision precision;
    private final double step;
    private final int layers;
    /** firstArray[l]: the index of layer l's first parameter array. */
    private final int[] firstArray;
    private double loss;
    /** values[l][kind]: a copy of layer l's buffer of that kind after {@code lossAndGradient}. */
    private double[][][] values;

    TraceRun(Model model, Architecture architecture, TraceProbe probe, StepTrace.Scope scope) {
        this.model = model;
        this.architecture = architecture;
        this.probe = probe;
        this.scope = scope;
        this.precision = model.precision();
        this.step = precision == Precision.FLOAT ? StepTrace.FLOAT_STEP : StepTrace.DOUBLE_STEP;
        this.layers = model.layerCount();
        this.firstArray = new int[layers + 2];
        for (int l = 1; l <= layers; l++) {
            firstArray[l + 1] = firstArray[l] + architecture.layer(l).parameterArrayCount();
        }
    }

    StepTrace run() {
        Object gradients = probe.arrays(false);
        int arrays = model.parameterArrayCount();
        double[][] saved = new double[arrays][];
        for (int k = 0; k < arrays; k++) {
            saved[k] = TraceProbe.copy(TraceProbe.row(gradients, k));
        }
        model.zeroGradients();
        loss = probe.lossAndGradient();
        Object[][] buffers = probe.buffers();
        // the values, before any finite difference reruns a layer or the loss (which writes dL/dh of the last layer)
        values = new double[layers + 1][][];
        for (int l = 1; l <= layers; l++) {
            values[l] = new double[buffers[l].length][];
            for (int kind = 0; kind < buffers[l].length; kind++) {
                values[l][kind] = TraceProbe.copy(buffers[l][kind]);
            }
        }
        double[] dx = probe.inputGradient();
        List<StepTrace.Quantity> forward = new ArrayList<StepTrace.Quantity>();
        forward.add(quantity("x", "the example's input", 0, 0, TraceProbe.copy(probe.input()), null));
        for (int l = 1; l <= layers; l++) {
            if (scope.includes(l)) {
                forward.addAll(forward(l, buffers[l]));
            }
        }
        // dL/dh of every layer shown, estimated while the buffers hold the example's forward pass
        StepTrace.Quantity[] outputGradients = new StepTrace.Quantity[layers + 1];
        for (int l = layers; l >= 1; l--) {
            if (scope.includes(l)) {
                outputGradients[l] = outputGradient(l, buffers[l]);
            }
        }
        List<StepTrace.Quantity> all = new ArrayList<StepTrace.Quantity>(forward);
        all.add(quantity("L", lossFormula(), layers + 1, 0, new double[] {loss}, null));
        for (int l = layers; l >= 1; l--) {
            if (l == layers && outputGradients[l] != null) {
                all.add(outputGradients[l]);
            }
            if (scope.includes(l)) {
                all.addAll(parameterGradients(l, buffers[l]));
            }
            if (l > 1 && outputGradients[l - 1] != null) {
                all.add(outputGradients[l - 1]);
            }
        }
        double[] dxEstimates = new double[Math.min(dx.length, scope.values())];
        for (int j = 0; j < dxEstimates.length; j++) {
            dxEstimates[j] = estimate(probe.input(), j, 0);
        }
        all.add(quantity("dL/dx", "dL/dx = W1·dL/dz1" + skipGradients(0), 0, 0, dx, dxEstimates));
        // the buffers describe the example again; the gradient arrays are what they were
        model.zeroGradients();
        probe.lossAndGradient();
        for (int k = 0; k < arrays; k++) {
            Object row = TraceProbe.row(gradients, k);
            for (int i = 0; i < saved[k].length; i++) {
                TraceProbe.set(row, i, saved[k][i]);
            }
        }
        return new StepTrace(model.architecture(), precision, loss, all);
    }

    /** z, a (if it is a buffer of its own) and h (unless it is z) of layer l. */
    private List<StepTrace.Quantity> forward(int l, Object[] b) {
        Architecture.Layer layer = architecture.layer(l);
        String act = layer.activation().label();
        List<StepTrace.Quantity> list = new ArrayList<StepTrace.Quantity>();
        boolean linear = b[TraceProbe.H] == b[TraceProbe.Z];
        list.add(quantity("z" + l, String.format("z%d = W%d·%s + b%d%s", l, l, symbol(l - 1), l,
                linear ? "   (= h" + l + ": identity)" : ""), l, 0, values[l][TraceProbe.Z], null));
        if (b[TraceProbe.A] != b[TraceProbe.Z] && b[TraceProbe.A] != b[TraceProbe.H]) {
            list.add(quantity("a" + l, String.format("a%d = %s(z%d)", l, act, l), l, 0,
                    values[l][TraceProbe.A], null));
        }
        if (!linear) {
            String branch = layer.activation() == Activation.IDENTITY ? "z" + l : "a" + l;
            String formula = !layer.residual() ? String.format("h%d = %s(z%d)", l, act, l)
                    : String.format(Locale.ROOT, "h%d = α·%s + %s%s   (α = %.4g)", l, branch,
                            layer.projected() ? "P" + l + "·" : "", symbol(layer.source()), residualScale());
            list.add(quantity("h" + l, formula, l, 0, values[l][TraceProbe.H], null));
        }
        return list;
    }

    /** dL/dh of layer l, each element estimated by moving h[j] and rerunning the layers above. */
    private StepTrace.Quantity outputGradient(int l, Object[] b) {
        double[] dh = values[l][TraceProbe.DH];
        double[] estimates = new double[Math.min(dh.length, scope.values())];
        for (int j = 0; j < estimates.length; j++) {
            estimates[j] = estimate(b[TraceProbe.H], j, l + 1);
        }
        boolean linear = b[TraceProbe.DH] == b[TraceProbe.DZ];
        String formula = l == layers ? String.format("dL/dh%d = ∂L/∂h%d, from the loss", l, l)
                : String.format("dL/dh%d = W%d·dL/dz%d%s", l, l + 1, l + 1, skipGradients(l));
        return quantity("dL/dh" + l, formula + (linear ? "   (= dL/dz" + l + ": identity)" : ""), l, 0, dh,
                estimates);
    }

    /** dL/dz (unless it is dL/dh), dL/dW, dL/db and dL/dP of layer l, as the layer's backward method computes them. */
    private List<StepTrace.Quantity> parameterGradients(int l, Object[] b) {
        Architecture.Layer layer = architecture.layer(l);
        Object parameters = probe.arrays(true);
        int bias = firstArray[l] + layer.inputs();
        List<StepTrace.Quantity> list = new ArrayList<StepTrace.Quantity>();
        if (b[TraceProbe.DZ] != b[TraceProbe.DH]) {
            double[] dz = values[l][TraceProbe.DZ];
            double[] estimates = new double[Math.min(dz.length, scope.values())];
            for (int i = 0; i < estimates.length; i++) {
                // z[i] = (W h)[i] + b[i]: moving b[i] moves z[i] alone, by the same step
                estimates[i] = estimate(TraceProbe.row(parameters, bias), i, 0);
            }
            String act = layer.activation().label();
            String scale = layer.residual() ? "α·" : "";
            String formula = layer.activation() == Activation.IDENTITY
                    ? String.format("dL/dz%d = %sdL/dh%d", l, scale, l)
                    : String.format("dL/dz%d = %sdL/dh%d ⊙ %s'(z%d)", l, scale, l, act, l);
            list.add(quantity("dL/dz" + l, formula, l, 0, dz, estimates));
        }
        list.add(matrix("dL/dW" + l, String.format("dL/dW%d[j][i] = %s[j]·dL/dz%d[i]", l, symbol(l - 1), l), l,
                firstArray[l], layer.inputs(), layer.units()));
        list.add(matrix("dL/db" + l, String.format("dL/db%d = dL/dz%d", l, l), l, bias, 0, layer.units()));
        if (layer.projected()) {
            list.add(matrix("dL/dP" + l, String.format("dL/dP%d[j][i] = %s[j]·dL/dh%d[i]", l, symbol(layer.source()), l),
                    l, bias + 1, layer.sourceUnits(), layer.units()));
        }
        return list;
    }

    /**
     * A parameter gradient held in arrays {@code first ..} of {@code gradientArrays()} ({@code rows}
     * rows, or one vector for 0), each element estimated by moving its parameter.
     */
    private StepTrace.Quantity matrix(String name, String formula, int l, int first, int rows, int columns) {
        Object parameters = probe.arrays(true);
        Object gradients = probe.arrays(false);
        int size = Math.max(1, rows) * columns;
        double[] values = new double[size];
        for (int k = 0; k < size; k++) {
            values[k] = TraceProbe.get(TraceProbe.row(gradients, first + k / columns), k % columns);
        }
        double[] estimates = new double[Math.min(size, scope.values())];
        for (int k = 0; k < estimates.length; k++) {
            estimates[k] = estimate(TraceProbe.row(parameters, first + k / columns), k % columns, 0);
        }
        return quantity(name, formula, l, rows, values, estimates);
    }

    /**
     * The five-point estimate of dL/d{@code array[i]}: the loss of a full forward pass
     * ({@code resume} 0) or of the pass rerun from layer {@code resume}, divided by the steps
     * actually taken; {@code array[i]} is put back as it was.
     */
    private double estimate(Object array, int i, int resume) {
        double saved = TraceProbe.get(array, i);
        double[] offsets = {2 * step, step, -step, -2 * step};
        double[] at = new double[4];
        double[] f = new double[4];
        for (int s = 0; s < 4; s++) {
            at[s] = TraceProbe.set(array, i, saved + offsets[s]);
            f[s] = resume == 0 ? probe.loss() : probe.lossFromLayer(resume);
        }
        TraceProbe.set(array, i, saved);
        return (8 * (f[1] - f[2]) / (at[1] - at[2]) - 2 * (f[0] - f[3]) / (at[0] - at[3])) / 6;
    }

    /** The first values the scope shows of {@code values}, with their estimates (null for a forward value). */
    private StepTrace.Quantity quantity(String name, String formula, int layer, int rows, double[] values,
            double[] estimates) {
        int columns = rows == 0 ? values.length : values.length / rows;
        double[] shown = new double[Math.min(values.length, scope.values())];
        System.arraycopy(values, 0, shown, 0, shown.length);
        return new StepTrace.Quantity(name, formula, layer, rows, columns, shown, estimates, loss, precision);
    }

    /** The terms the residual layers that skip from layer {@code source} add to its dL/dh. */
    private String skipGradients(int source) {
        StringBuilder terms = new StringBuilder();
        for (Architecture.Layer m : architecture.layers()) {
            if (m.residual() && m.source() == source) {
                terms.append(m.projected() ? " + P" + m.index() + "·dL/dh" + m.index() : " + dL/dh" + m.index());
            }
        }
        return terms.toString();
    }

    private String lossFormula() {
        String out = "h" + layers;
        if (architecture.layer(layers).activation() == Activation.IDENTITY && !architecture.layer(layers).residual()) {
            out = "z" + layers;
        }
        int label = probe.label();
        return "L = " + model.loss().label() + "(" + out + (label >= 0 ? ", label " + label : ", target") + ")";
    }

    /** α = 1/sqrt(R) of the R residual layers, as the generated class scales its branches. */
    private double residualScale() {
        int residual = 0;
        for (Architecture.Layer m : architecture.layers()) {
            residual += m.residual() ? 1 : 0;
        }
        return 1 / Math.sqrt(Math.max(1, residual));
    }

    private static String symbol(int layer) {
        return layer == 0 ? "x" : "h" + layer;
    }
}
