package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import io.chainrule.io.Architecture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every quantity of one training step's forward and backward pass, for one example and the
 * current weights, in the order the generated code computes them: per layer {@code z} and
 * {@code h}, the loss, then from the last layer down {@code dL/dh} (the output layer's from the
 * loss), {@code dL/dz}, {@code dL/dW}, {@code dL/db} (and {@code dL/dP}), and at the end
 * {@code dL/dx}. Each gradient stands next to its finite-difference estimate.
 *
 * <p>The values are the generated code's own: the trace runs {@code lossAndGradient} and reads
 * the model's buffers through {@code visitLayers} (a generated method training never calls), so
 * nothing of the mathematics is implemented a second time. The estimates take the five-point
 * stencil {@code (-L(v+2s) + 8L(v+s) - 8L(v-s) + L(v-2s)) / 12s} of the model's loss, with the
 * step {@code s} of the project's gradient checks ({@link #DOUBLE_STEP}, {@link #FLOAT_STEP}),
 * divided by the steps actually taken after rounding to the model's precision:
 * <ul>
 * <li>{@code dL/dW}, {@code dL/db}, {@code dL/dP}: the parameter moves, the full forward pass runs;
 * <li>{@code dL/dz[i]}: {@code b[i]} moves, which moves {@code z[i]} alone by the same step;
 * <li>{@code dL/dh[j]}: the buffer {@code h[j]} moves and the forward pass reruns from the layer
 * above ({@code lossFromLayer}), over every layer that reads it;
 * <li>{@code dL/dx[j]}: the input moves.
 * </ul>
 *
 * <p>Allowed differences ({@link Quantity#agrees}) are those of the gradient checks: in double a
 * relative error of {@link #DOUBLE_RELATIVE} (absolute {@link #DOUBLE_ABSOLUTE} where both sides
 * are below {@link #DOUBLE_FLOOR}); in float {@link #FLOAT_RELATIVE} of the analytic value plus
 * {@link #FLOAT_NOISE} × max(1, |L|). Near a kink (a ReLU's {@code z} or a hinge margin within two
 * steps of 0) an estimate straddles it and may disagree.
 *
 * <p>A trace leaves the parameters and the gradient arrays as they were; the model's buffers
 * describe the example afterwards, as after {@code lossAndGradient}. It allocates freely: it is a
 * tool for reading, never on the training path.
 */
public final class StepTrace {
    /** The finite-difference step for double models. */
    public static final double DOUBLE_STEP = 1e-3;
    /** The finite-difference step for float models: float rounding of the loss, divided by it, stays small. */
    public static final double FLOAT_STEP = 1e-2;
    /** Largest relative error allowed in double. */
    public static final double DOUBLE_RELATIVE = 1e-6;
    /** Below this magnitude of both sides, double values are compared absolutely. */
    public static final double DOUBLE_FLOOR = 1e-5;
    /** The absolute difference allowed in double below {@link #DOUBLE_FLOOR}. */
    public static final double DOUBLE_ABSOLUTE = 1e-11;
    /** Relative error allowed in float. */
    public static final double FLOAT_RELATIVE = 1e-3;
    /** Rounding noise of a float loss allowed in float, times max(1, |L|). */
    public static final double FLOAT_NOISE = 1e-4;

    private final String architecture;
    private final Precision precision;
    private final double loss;
    private final List<Quantity> quantities;

    StepTrace(String architecture, Precision precision, double loss, List<Quantity> quantities) {
        this.architecture = architecture;
        this.precision = precision;
        this.loss = loss;
        this.quantities = Collections.unmodifiableList(new ArrayList<Quantity>(quantities));
    }

    /** What a trace shows: how many values of each quantity, and which layers. */
    public static final class Scope {
        private final int values;
        private final int firstLayer;
        private final int lastLayer;

        private Scope(int values, int firstLayer, int lastLayer) {
            if (values < 1) {
                throw new IllegalArgumentException("a trace shows at least 1 value per quantity, not " + values);
            }
            if (firstLayer < 1 || lastLayer < firstLayer) {
                throw new IllegalArgumentException("layers " + firstLayer + ".." + lastLayer + " are not a range of"
                        + " layers from 1 on");
            }
            this.values = values;
            this.firstLayer = firstLayer;
            this.lastLayer = lastLayer;
        }

        /** Every value of every layer. */
        public static Scope all() {
            return new Scope(Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        }

        /** The first {@code n} values of each quantity (matrices row by row); the others are neither shown nor estimated. */
        public Scope values(int n) {
            return new Scope(n, firstLayer, lastLayer);
        }

        /** Only layers {@code first .. last} (the input, the loss and {@code dL/dx} are always shown). */
        public Scope layers(int first, int last) {
            return new Scope(values, first, last);
        }

        int values() {
            return values;
        }

        boolean includes(int layer) {
            return layer >= firstLayer && layer <= lastLayer;
        }
    }

    /** The trace of example {@code example} of {@code data} (labels or targets as the loss takes) for a generated model. */
    public static StepTrace of(Model model, Dataset data, int example) {
        return of(model, data, example, Scope.all());
    }

    /**
     * The trace of example {@code example} of {@code data} for {@code model}, showing what
     * {@code scope} selects.
     *
     * @throws IllegalArgumentException if the model is not a generated training class, or the
     *     example, its size or its kind of target does not fit the model
     */
    public static StepTrace of(Model model, Dataset data, int example, Scope scope) {
        TraceProbe probe = TraceProbe.of(model, data, example);
        return new TraceRun(model, Architecture.of(model), probe, scope).run();
    }

    /** The model's architecture string. */
    public String architecture() {
        return architecture;
    }

    /** The model's precision, which sets the step and the tolerance. */
    public Precision precision() {
        return precision;
    }

    /** The example's loss. */
    public double loss() {
        return loss;
    }

    /** The quantities, in the order of the generated code. */
    public List<Quantity> quantities() {
        return quantities;
    }

    /** The quantity named {@code name} (such as {@code "dL/dW1"}), or null. */
    public Quantity quantity(String name) {
        for (Quantity q : quantities) {
            if (q.name.equals(name)) {
                return q;
            }
        }
        return null;
    }

    /** Estimates shown. */
    public int estimateCount() {
        int n = 0;
        for (Quantity q : quantities) {
            n += q.estimates == null ? 0 : q.estimates.length;
        }
        return n;
    }

    /** Estimates that agree with their analytic value within the tolerance. */
    public int agreeingCount() {
        int n = 0;
        for (Quantity q : quantities) {
            for (int k = 0; q.estimates != null && k < q.estimates.length; k++) {
                n += q.agrees(k) ? 1 : 0;
            }
        }
        return n;
    }

    /** The trace as a table, one value per line, as {@link TraceTable} prints it. */
    @Override
    public String toString() {
        return TraceTable.format(this);
    }

    /** True if {@code analytic} and its {@code estimate} agree for a loss of {@code loss} in {@code precision}. */
    public static boolean agree(double analytic, double estimate, double loss, Precision precision) {
        if (precision == Precision.FLOAT) {
            return Math.abs(analytic - estimate) <= FLOAT_RELATIVE * Math.abs(analytic)
                    + FLOAT_NOISE * Math.max(1, Math.abs(loss));
        }
        double scale = Math.max(Math.abs(analytic), Math.abs(estimate));
        if (scale < DOUBLE_FLOOR) {
            return Math.abs(analytic - estimate) <= DOUBLE_ABSOLUTE;
        }
        return Math.abs(analytic - estimate) / scale <= DOUBLE_RELATIVE;
    }

    /**
     * One vector or matrix of the trace: its name ({@code z1}, {@code dL/dW2}, {@code L}), the
     * formula the generated code computes it by, the layer (0 for the input, {@code layerCount() + 1}
     * for the loss), its shape, and its first values with their estimates.
     */
    public static final class Quantity {
        private final String name;
        private final String formula;
        private final int layer;
        private final int rows;
        private final int columns;
        private final double[] values;
        private final double[] estimates;
        private final double loss;
        private final Precision precision;

        Quantity(String name, String formula, int layer, int rows, int columns, double[] values, double[] estimates,
                double loss, Precision precision) {
            this.name = name;
            this.formula = formula;
            this.layer = layer;
            this.rows = rows;
            this.columns = columns;
            this.values = values;
            this.estimates = estimates;
            this.loss = loss;
            this.precision = precision;
        }

        /** Its name, for example {@code dL/dW1}. */
        public String name() {
            return name;
        }

        /** How the generated code computes it, for example {@code h1 = tanh(z1)}. */
        public String formula() {
            return formula;
        }

        /** The layer it belongs to. */
        public int layer() {
            return layer;
        }

        /** Rows of a matrix ({@code dL/dW[j][i]}); 0 for a vector. */
        public int rows() {
            return rows;
        }

        /** Elements of a vector, or columns of a matrix. */
        public int columns() {
            return columns;
        }

        /** Elements in all. */
        public int size() {
            return Math.max(1, rows) * columns;
        }

        /** Values shown: the first {@code shown()} elements (matrices row by row). */
        public int shown() {
            return values.length;
        }

        /** Element {@code k} (in row-major order) as the model computed it. */
        public double value(int k) {
            return values[k];
        }

        /** True for a gradient, which has finite-difference estimates; false for a forward value. */
        public boolean hasEstimates() {
            return estimates != null;
        }

        /** The finite-difference estimate of element {@code k}. */
        public double estimate(int k) {
            return estimates[k];
        }

        /** True if element {@code k} agrees with its estimate (always for a forward value). */
        public boolean agrees(int k) {
            return estimates == null || agree(values[k], estimates[k], loss, precision);
        }

        /** The name of element {@code k}, for example {@code dL/dW1[1][2]}. */
        public String element(int k) {
            if (rows == 0) {
                return columns == 1 && name.equals("L") ? name : name + "[" + k + "]";
            }
            return name + "[" + k / columns + "][" + k % columns + "]";
        }
    }
}
