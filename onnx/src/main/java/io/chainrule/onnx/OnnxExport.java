package io.chainrule.onnx;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.io.Architecture;
import io.chainrule.io.AtomicFile;
import io.chainrule.io.Safetensors;
import io.chainrule.io.TensorLayout;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes any Chainrule network as an ONNX model of its inference graph, so a model trained here
 * runs in ONNX Runtime (or any ONNX runtime): the same outputs as {@code predict}, for a batch of
 * inputs at once.
 *
 * <pre>{@code
 * OnnxExport.save(model, new File("iris.onnx"));
 * }</pre>
 *
 * <h2>The graph</h2>
 * One input {@code input} of shape {@code [batch, inputs]} and one output {@code output} of shape
 * {@code [batch, outputs]}, both of the model's precision ({@code tensor(float)} or
 * {@code tensor(double)}); ONNX opset {@value #OPSET}, IR version {@value #IR_VERSION}. Layer
 * {@code l} with {@code k = 2(l-1)}:
 * <pre>
 * z_l      = Gemm(h_(l-1), k.weight, k.bias, transB=1)          k.weight: [units, inputs], PyTorch's layout
 * a_l      = Sigmoid | Tanh | Relu | LeakyRelu(alpha=0.01) | Softplus (z_l); nothing for identity
 * h_l      = a_l, or for a residual layer
 *            Add(Mul(a_l, residual_scale), h_(l-skip))                  residual_scale: α = 1/sqrt(R), a scalar
 *            Add(Mul(a_l, residual_scale), Gemm(h_(l-skip), proj.k.weight, transB=1))   with a projection
 * output   = Softmax(h_L, axis=1) | Sigmoid(h_L) | h_L                 as predict: probabilities, hinge scores, values
 * </pre>
 * The initializers carry the names and shapes of {@link TensorLayout}. In a double model two
 * activations are composed of other operators: {@code LeakyRelu}'s slope is a float attribute
 * (0.01f, not 0.01), so it is {@code Max(z, Mul(z, 0.01))} (the same value: {@code 0.01z < z} exactly when
 * z > 0), and ONNX Runtime has no double kernel for {@code Softplus}, so it is
 * {@code Add(Relu(z), Log(Add(Exp(Neg(Abs(z))), 1)))}: Chainrule's {@code max(z, 0) + ln(1 + e^-|z|)},
 * with {@code ln(1 + u)} in place of {@code log1p(u)} (an absolute difference below 1.2e-16).
 * The model's metadata ({@code metadata_props}) holds its architecture string
 * ({@link Safetensors#ARCHITECTURE_KEY}) and the caller's entries.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 17;
    /** The ONNX IR version written (the one that goes with opset 17). */
    public static final int IR_VERSION = 8;
    /** Name of the graph's input. */
    public static final String INPUT = "input";
    /** Name of the graph's output. */
    public static final String OUTPUT = "output";

    private OnnxExport() {
    }

    /** Atomically writes {@code model} as an ONNX file, with its architecture as metadata. */
    public static void save(Model model, File file) throws IOException {
        save(model, Collections.<String, String>emptyMap(), file);
    }

    /**
     * Atomically writes {@code model} as an ONNX file ({@link AtomicFile}: a temporary file in the same
     * directory, synced, then renamed over {@code file}), with {@code metadata} in its {@code metadata_props}.
     */
    public static void save(Model model, Map<String, String> metadata, File file) throws IOException {
        byte[] bytes = toBytes(model, metadata);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** Writes the ONNX model to {@code out} and flushes it, without closing it. */
    public static void write(Model model, Map<String, String> metadata, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out);
        buffered.write(toBytes(model, metadata));
        buffered.flush();
    }

    /**
     * The ONNX model (a serialized {@code ModelProto}).
     *
     * @throws IllegalArgumentException if a parameter is NaN or infinite (naming it), or
     *     {@code metadata} contradicts the model's architecture
     */
    public static byte[] toBytes(Model model, Map<String, String> metadata) {
        return new Graph(model).model(metadata).toByteArray();
    }

    /** The nodes and initializers of one model's graph, built layer by layer. */
    private static final class Graph {
        private final Model model;
        private final Architecture architecture;
        private final TensorLayout layout;
        private final int type;
        private final List<Node> nodes = new ArrayList<Node>();
        private final List<Protobuf> initializers = new ArrayList<Protobuf>();
        private final List<String> constants = new ArrayList<String>();

        Graph(Model model) {
            this.model = model;
            this.architecture = Architecture.of(model);
            this.layout = TensorLayout.of(architecture);
            layout.requireFinite(model);
            this.type = model.precision() == Precision.FLOAT ? OnnxProto.FLOAT : OnnxProto.DOUBLE;
        }

        Protobuf model(Map<String, String> metadata) {
            for (TensorLayout.Tensor t : layout.tensors()) {
                initializers.add(OnnxProto.tensor(t.name(), t.shape(), type, values(t)));
            }
            String[] h = new String[architecture.layerCount() + 1];
            h[0] = INPUT;
            for (Architecture.Layer layer : architecture.layers()) {
                h[layer.index()] = layer(layer, h);
            }
            String last = h[architecture.layerCount()];
            Loss loss = architecture.loss();
            if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
                add("Softmax", "softmax", new String[] {last}, OUTPUT, OnnxProto.intAttribute("axis", 1));
            } else if (loss == Loss.SIGMOID_CROSS_ENTROPY) {
                add("Sigmoid", "sigmoid", new String[] {last}, OUTPUT);
            } else {
                // raw scores (hinge) or values (MSE): the last layer's last node writes the output itself
                nodes.get(nodes.size() - 1).output = OUTPUT;
            }
            List<Protobuf> encoded = new ArrayList<Protobuf>();
            for (Node n : nodes) {
                encoded.add(OnnxProto.node(n.op, n.name, n.inputs, n.output, n.attributes));
            }
            Protobuf graph = OnnxProto.graph("chainrule", encoded, initializers,
                    OnnxProto.value(INPUT, type, "batch", architecture.inputs()),
                    OnnxProto.value(OUTPUT, type, "batch", architecture.outputs()));
            Map<String, String> props = new LinkedHashMap<String, String>();
            props.put(Safetensors.ARCHITECTURE_KEY, model.architecture());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                String old = props.get(e.getKey());
                if (old != null && !old.equals(e.getValue())) {
                    throw new IllegalArgumentException("metadata " + e.getKey() + " = '" + e.getValue()
                            + "' contradicts the model's '" + old + "'");
                }
                props.put(e.getKey(), e.getValue());
            }
            String doc = "Chainrule network " + model.architecture() + "; output: " + outputDescription(loss);
            return OnnxProto.model(IR_VERSION, OPSET, "chainrule", "0.1.0", doc, graph, props);
        }

        /** Adds the nodes of one layer; returns the name of its output h_l. */
        private String layer(Architecture.Layer layer, String[] h) {
            int l = layer.index();
            String k = Integer.toString(2 * (l - 1));
            String z = add("Gemm", "gemm" + l, new String[] {h[l - 1], k + ".weight", k + ".bias"}, "z" + l,
                    OnnxProto.intAttribute("transB", 1));
            String a = activation(layer.activation(), z, l);
            if (!layer.residual()) {
                return a;
            }
            String branch = add("Mul", "scale" + l, new String[] {a, constant("residual_scale",
                    architecture.residualScale())}, "branch" + l);
            String skip = h[layer.source()];
            if (layer.projected()) {
                skip = add("Gemm", "proj" + l, new String[] {skip, "proj." + k + ".weight"}, "skip" + l,
                        OnnxProto.intAttribute("transB", 1));
            }
            return add("Add", "residual" + l, new String[] {branch, skip}, "h" + l);
        }

        private String activation(Activation activation, String z, int l) {
            boolean isDouble = type == OnnxProto.DOUBLE;
            switch (activation) {
                case SIGMOID:
                    return add("Sigmoid", "sigmoid" + l, new String[] {z}, "a" + l);
                case TANH:
                    return add("Tanh", "tanh" + l, new String[] {z}, "a" + l);
                case RELU:
                    return add("Relu", "relu" + l, new String[] {z}, "a" + l);
                case LEAKY_RELU:
                    if (!isDouble) {
                        return add("LeakyRelu", "leaky_relu" + l, new String[] {z}, "a" + l,
                                OnnxProto.floatAttribute("alpha", (float) Activation.LEAKY_SLOPE));
                    }
                    String scaled = add("Mul", "leaky_relu_slope" + l,
                            new String[] {z, constant("leaky_slope", Activation.LEAKY_SLOPE)}, "leaky" + l);
                    return add("Max", "leaky_relu" + l, new String[] {z, scaled}, "a" + l);
                case SOFTPLUS:
                    if (!isDouble) {
                        return add("Softplus", "softplus" + l, new String[] {z}, "a" + l);
                    }
                    String abs = add("Abs", "softplus_abs" + l, new String[] {z}, "abs" + l);
                    String neg = add("Neg", "softplus_neg" + l, new String[] {abs}, "neg" + l);
                    String exp = add("Exp", "softplus_exp" + l, new String[] {neg}, "exp" + l);
                    String sum = add("Add", "softplus_add" + l, new String[] {exp, constant("one", 1.0)}, "onep" + l);
                    String log = add("Log", "softplus_log" + l, new String[] {sum}, "log" + l);
                    String relu = add("Relu", "softplus_relu" + l, new String[] {z}, "pos" + l);
                    return add("Add", "softplus" + l, new String[] {relu, log}, "a" + l);
                default:
                    return z;
            }
        }

        /** A scalar initializer of the model's type, added once. */
        private String constant(String name, double value) {
            if (!constants.contains(name)) {
                constants.add(name);
                byte[] raw = type == OnnxProto.FLOAT ? littleEndian(Float.floatToRawIntBits((float) value), 4)
                        : littleEndian(Double.doubleToRawLongBits(value), 8);
                initializers.add(OnnxProto.tensor(name, new long[0], type, raw));
            }
            return name;
        }

        /** Adds a node; returns its output's name. */
        private String add(String op, String name, String[] inputs, String output, Protobuf... attributes) {
            nodes.add(new Node(op, name, inputs, output, attributes));
            return output;
        }

        /** The tensor's values, row-major in its PyTorch shape, little-endian in the model's precision. */
        private byte[] values(TensorLayout.Tensor t) {
            int size = model.precision().bytes();
            byte[] raw = new byte[t.size() * size];
            if (model instanceof FloatModel) {
                float[][] arrays = ((FloatModel) model).parameterArrays();
                for (int k = 0; k < t.size(); k++) {
                    put(raw, k * 4, Float.floatToRawIntBits(arrays[t.array(k)][t.element(k)]), 4);
                }
            } else {
                double[][] arrays = ((DoubleModel) model).parameterArrays();
                for (int k = 0; k < t.size(); k++) {
                    put(raw, k * 8, Double.doubleToRawLongBits(arrays[t.array(k)][t.element(k)]), 8);
                }
            }
            return raw;
        }
    }

    /** One node, kept until the graph is complete (the last one's output may still be renamed). */
    private static final class Node {
        final String op;
        final String name;
        final String[] inputs;
        String output;
        final Protobuf[] attributes;

        Node(String op, String name, String[] inputs, String output, Protobuf[] attributes) {
            this.op = op;
            this.name = name;
            this.inputs = inputs;
            this.output = output;
            this.attributes = attributes;
        }
    }

    private static String outputDescription(Loss loss) {
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY:
                return "softmax probabilities";
            case SIGMOID_CROSS_ENTROPY:
                return "sigmoid probabilities";
            case MULTICLASS_HINGE:
                return "class scores (multiclass hinge)";
            default:
                return "values (mean squared error)";
        }
    }

    private static byte[] littleEndian(long bits, int n) {
        byte[] b = new byte[n];
        put(b, 0, bits, n);
        return b;
    }

    private static void put(byte[] b, int at, long bits, int n) {
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) (bits >>> (8 * i));
        }
    }
}
