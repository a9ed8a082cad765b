package io.chainrule.io;

import io.chainrule.Activation;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A network's layers, read from its architecture string ({@link Model#architecture()}), which is
 * all a file format or an exporter needs besides the parameter arrays: sizes, activations,
 * residual connections, the loss head and the precision.
 *
 * <h2>The architecture string</h2>
 * <pre>
 * architecture = inputs ("-" layer ["*" count])+ " " loss " " precision
 * layer        = units ":" activation ["+" skip ["p"]]
 * </pre>
 * for example {@code 64-32:relu-10:identity softmax_cross_entropy float},
 * {@code 64-16:tanh-16:tanh+1*998-10:identity softmax_cross_entropy float} (998 identical residual
 * layers) or {@code 4-8:relu-8:relu+1-6:tanh+2p-3:identity multiclass_hinge double}. Activations
 * and losses are the labels of {@link Activation} and {@link Loss}; {@code *count} repeats a
 * layer. A layer with {@code +skip} is residual: {@code h_l = α a(W h_(l-1) + b) + h_(l-skip)}, or
 * {@code + P h_(l-skip)} with {@code p} (a learned projection, for a source of another width);
 * layer 0 is the input; {@code α = 1/sqrt(R)} for the {@code R} residual layers of the network.
 *
 * <h2>Parameter arrays</h2>
 * {@code parameterArrays()} holds, layer by layer: the {@code inputs} weight rows of length
 * {@code units} ({@code w[j][i]} connects input {@code j} to unit {@code i}), the bias, then for
 * a projected layer the {@code sourceUnits} projection rows of length {@code units}.
 */
public final class Architecture {
    /** At most this many layers are read from a string (a guard against a damaged repeat count). */
    public static final int MAX_LAYERS = 1_000_000;

    /** One dense layer {@code h_l = a(W h_(l-1) + b) [+ h_(l-skip) or P h_(l-skip)]}. */
    public static final class Layer {
        private final int index;
        private final int inputs;
        private final int units;
        private final Activation activation;
        private final int skip;
        private final boolean projected;
        private final int sourceUnits;

        Layer(int index, int inputs, int units, Activation activation, int skip, boolean projected, int sourceUnits) {
            this.index = index;
            this.inputs = inputs;
            this.units = units;
            this.activation = activation;
            this.skip = skip;
            this.projected = projected;
            this.sourceUnits = sourceUnits;
        }

        /** 1-based layer number. */
        public int index() {
            return index;
        }

        /** Width of the layer's input {@code h_(l-1)}. */
        public int inputs() {
            return inputs;
        }

        /** Width of its output {@code h_l}. */
        public int units() {
            return units;
        }

        /** The non-linearity {@code a}. */
        public Activation activation() {
            return activation;
        }

        /** How many layers back the residual connection reaches; 0 without one. */
        public int skip() {
            return skip;
        }

        /** True if the layer adds the output of an earlier layer. */
        public boolean residual() {
            return skip > 0;
        }

        /** The layer whose output the residual connection adds (0: the input); only if {@link #residual()}. */
        public int source() {
            return index - skip;
        }

        /** True if the residual connection passes through a learned matrix {@code P}. */
        public boolean projected() {
            return projected;
        }

        /** Width of {@code h_(l-skip)}; 0 without a residual connection. */
        public int sourceUnits() {
            return sourceUnits;
        }

        /** Weights, bias and projection weights of this layer. */
        public long parameterCount() {
            return (long) inputs * units + units + (projected ? (long) sourceUnits * units : 0);
        }

        /** Arrays of this layer in {@code parameterArrays()}: weight rows, bias, projection rows. */
        public int parameterArrayCount() {
            return inputs + 1 + (projected ? sourceUnits : 0);
        }
    }

    private final String text;
    private final int inputs;
    private final List<Layer> layers;
    private final Loss loss;
    private final Precision precision;

    private Architecture(String text, int inputs, List<Layer> layers, Loss loss, Precision precision) {
        this.text = text;
        this.inputs = inputs;
        this.layers = Collections.unmodifiableList(layers);
        this.loss = loss;
        this.precision = precision;
    }

    /**
     * Reads an architecture string.
     *
     * @throws IllegalArgumentException if {@code text} is not one, saying what is wrong where
     */
    public static Architecture parse(String text) {
        String[] words = text.split(" ", -1);
        if (words.length != 3) {
            throw bad(text, "expected three words, layers, loss and precision, separated by single spaces");
        }
        Loss loss = null;
        for (Loss l : Loss.values()) {
            if (l.label().equals(words[1])) {
                loss = l;
            }
        }
        if (loss == null) {
            throw bad(text, "unknown loss '" + words[1] + "'");
        }
        Precision precision;
        if (words[2].equals("float")) {
            precision = Precision.FLOAT;
        } else if (words[2].equals("double")) {
            precision = Precision.DOUBLE;
        } else {
            throw bad(text, "unknown precision '" + words[2] + "', expected float or double");
        }
        String[] parts = words[0].split("-", -1);
        if (parts.length < 2) {
            throw bad(text, "no layers");
        }
        int inputs = positive(text, parts[0], "input size");
        List<Layer> layers = new ArrayList<Layer>();
        List<Integer> widths = new ArrayList<Integer>();
        widths.add(inputs);
        for (int p = 1; p < parts.length; p++) {
            String part = parts[p];
            int count = 1;
            int star = part.indexOf('*');
            if (star >= 0) {
                count = positive(text, part.substring(star + 1), "repeat count of '" + part + "'");
                part = part.substring(0, star);
            }
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw bad(text, "layer '" + part + "' is not units:activation");
            }
            int units = positive(text, part.substring(0, colon), "units of layer '" + part + "'");
            String rest = part.substring(colon + 1);
            int plus = rest.indexOf('+');
            String activationLabel = plus < 0 ? rest : rest.substring(0, plus);
            Activation activation = null;
            for (Activation a : Activation.values()) {
                if (a.label().equals(activationLabel)) {
                    activation = a;
                }
            }
            if (activation == null) {
                throw bad(text, "unknown activation '" + activationLabel + "'");
            }
            int skip = 0;
            boolean projected = false;
            if (plus >= 0) {
                String skipText = rest.substring(plus + 1);
                if (skipText.endsWith("p")) {
                    projected = true;
                    skipText = skipText.substring(0, skipText.length() - 1);
                }
                skip = positive(text, skipText, "skip of layer '" + part + "'");
            }
            if (layers.size() + (long) count > MAX_LAYERS) {
                throw bad(text, "more than " + MAX_LAYERS + " layers");
            }
            for (int c = 0; c < count; c++) {
                int index = layers.size() + 1;
                int sourceUnits = 0;
                if (skip > 0) {
                    if (skip > index) {
                        throw bad(text, "layer " + index + " skips " + skip + " layers back, before the input");
                    }
                    sourceUnits = widths.get(index - skip);
                    if (!projected && sourceUnits != units) {
                        throw bad(text, "layer " + index + " adds h" + (index - skip) + " of width " + sourceUnits
                                + " to its " + units + " units without a projection");
                    }
                }
                layers.add(new Layer(index, widths.get(index - 1), units, activation, skip, projected, sourceUnits));
                widths.add(units);
            }
        }
        return new Architecture(text, inputs, layers, loss, precision);
    }

    /**
     * The architecture of {@code model}, checked against what the model reports about itself
     * (sizes, activations, loss, precision, parameter count and arrays).
     *
     * @throws IllegalArgumentException if the string cannot be read or disagrees with the model
     */
    public static Architecture of(Model model) {
        Architecture a = parse(model.architecture());
        String problem = null;
        if (a.inputs != model.inputSize() || a.layers.size() != model.layerCount()) {
            problem = "input size or layer count";
        } else if (a.loss != model.loss() || a.precision != model.precision()) {
            problem = "loss or precision";
        } else if (a.parameterCount() != model.parameterCount()
                || a.parameterArrayCount() != model.parameterArrayCount()) {
            problem = "parameter count";
        } else {
            for (Layer layer : a.layers) {
                if (layer.units != model.layerSize(layer.index) || layer.activation != model.activation(layer.index)) {
                    problem = "layer " + layer.index;
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("the architecture string '" + model.architecture()
                    + "' does not describe the model (" + problem + ")");
        }
        return a;
    }

    private static int positive(String text, String number, String what) {
        if (number.isEmpty() || number.length() > 10) {
            throw bad(text, what + " '" + number + "' is not a positive number");
        }
        for (int i = 0; i < number.length(); i++) {
            if (number.charAt(i) < '0' || number.charAt(i) > '9') {
                throw bad(text, what + " '" + number + "' is not a positive number");
            }
        }
        long value = Long.parseLong(number);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw bad(text, what + " '" + number + "' is not a positive int");
        }
        return (int) value;
    }

    private static IllegalArgumentException bad(String text, String detail) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "... (" + text.length() + " characters)" : text;
        return new IllegalArgumentException("not an architecture string: '" + shown + "': " + detail);
    }

    /** The string this was read from. */
    public String text() {
        return text;
    }

    /** The string with another precision word, for example to compare a float and a double model. */
    public String withPrecision(Precision p) {
        return text.substring(0, text.lastIndexOf(' ') + 1) + p.name().toLowerCase(Locale.ROOT);
    }

    /** Size of the input vector. */
    public int inputs() {
        return inputs;
    }

    /** Number of outputs, the units of the last layer. */
    public int outputs() {
        return layers.get(layers.size() - 1).units;
    }

    /** Number of dense layers. */
    public int layerCount() {
        return layers.size();
    }

    /** Layer {@code index}, 1-based. */
    public Layer layer(int index) {
        return layers.get(index - 1);
    }

    /** The layers, first hidden layer first. */
    public List<Layer> layers() {
        return layers;
    }

    /** The output head. */
    public Loss loss() {
        return loss;
    }

    /** The model's floating-point type. */
    public Precision precision() {
        return precision;
    }

    /** Number of layers with a residual connection. */
    public int residualLayers() {
        int r = 0;
        for (Layer layer : layers) {
            r += layer.residual() ? 1 : 0;
        }
        return r;
    }

    /**
     * {@code α = 1/sqrt(R)} for {@code R} residual layers (1 without any): the factor on every
     * residual branch, as the generated class's {@code RESIDUAL_SCALE} (which a float model holds
     * rounded to float).
     */
    public double residualScale() {
        return 1 / Math.sqrt(Math.max(1, residualLayers()));
    }

    /** Weights, biases and projection weights of all layers. */
    public long parameterCount() {
        long sum = 0;
        for (Layer layer : layers) {
            sum += layer.parameterCount();
        }
        return sum;
    }

    /** Number of arrays in {@code parameterArrays()}. */
    public long parameterArrayCount() {
        long sum = 0;
        for (Layer layer : layers) {
            sum += layer.parameterArrayCount();
        }
        return sum;
    }

    @Override
    public String toString() {
        return text;
    }
}
