package io.chainrule.io;

import io.chainrule.Model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names and shapes a model's parameters have in PyTorch, shared by the safetensors, .npz and
 * ONNX formats.
 *
 * <h2>Naming</h2>
 * Layer {@code l} (1-based) is the {@code torch.nn.Linear} at index {@code k = 2(l-1)} of a
 * {@code torch.nn.Sequential} that alternates Linear and activation modules
 * ({@code nn.Sigmoid}, {@code nn.Tanh}, {@code nn.ReLU}, {@code nn.LeakyReLU(0.01)},
 * {@code nn.Softplus}, and {@code nn.Identity} for an identity hidden layer; the output layer's
 * identity may be left out). Its tensors are
 * <pre>
 * k.weight        [units, inputs]        float   PyTorch's [out, in]: the transpose of our rows w[j][i]
 * k.bias          [units]
 * proj.k.weight   [units, sourceUnits]   only for a projected residual layer (a Linear without bias)
 * </pre>
 * so a network without residual layers is exactly {@code nn.Sequential(nn.Linear(64, 32),
 * nn.ReLU(), nn.Linear(32, 10))}: {@code 0.weight}, {@code 0.bias}, {@code 2.weight},
 * {@code 2.bias}. A residual network needs a module whose forward pass adds the skips (the
 * Sequential cannot); {@code interop/pytorch/chainrule_torch.py}'s {@code ChainruleNet} registers
 * the same children under the same names plus a {@code ModuleDict} named {@code proj}, so its
 * {@code state_dict()} has exactly these keys (the README, "Working with PyTorch", shows its
 * forward pass).
 */
public final class TensorLayout {
    /** What a tensor holds. */
    public enum Kind {
        /** A layer's weight matrix, {@code [units, inputs]}. */
        WEIGHT,
        /** A layer's bias vector, {@code [units]}. */
        BIAS,
        /** A residual layer's projection matrix, {@code [units, sourceUnits]}. */
        PROJECTION
    }

    /** One named tensor and where its values live in {@code parameterArrays()}. */
    public static final class Tensor {
        private final String name;
        private final Kind kind;
        private final int layer;
        private final int rows;
        private final int columns;
        private final int firstArray;

        Tensor(String name, Kind kind, int layer, int rows, int columns, int firstArray) {
            this.name = name;
            this.kind = kind;
            this.layer = layer;
            this.rows = rows;
            this.columns = columns;
            this.firstArray = firstArray;
        }

        /** The PyTorch {@code state_dict} key, for example {@code 2.weight}. */
        public String name() {
            return name;
        }

        /** Weight, bias or projection. */
        public Kind kind() {
            return kind;
        }

        /** The 1-based layer it belongs to. */
        public int layer() {
            return layer;
        }

        /** The PyTorch shape: {@code [rows, columns]} for matrices, {@code [rows]} for a bias. */
        public long[] shape() {
            return kind == Kind.BIAS ? new long[] {rows} : new long[] {rows, columns};
        }

        /** Number of values. */
        public int size() {
            return kind == Kind.BIAS ? rows : rows * columns;
        }

        /** Index of its first array in {@code parameterArrays()}. */
        public int firstArray() {
            return firstArray;
        }

        /**
         * The index in {@code parameterArrays()} of the array holding value {@code k} of the
         * tensor, counted in row-major (C) order of its PyTorch shape. A matrix is stored
         * transposed: its element {@code [i][j]} is {@code w[j][i]}, in array {@code firstArray() + j}.
         */
        public int array(int k) {
            return kind == Kind.BIAS ? firstArray : firstArray + k % columns;
        }

        /** The index of value {@code k} within {@link #array(int) array(k)}. */
        public int element(int k) {
            return kind == Kind.BIAS ? k : k / columns;
        }

        /** The shape as text, {@code [16, 4]}. */
        String shapeText() {
            return kind == Kind.BIAS ? "[" + rows + "]" : "[" + rows + ", " + columns + "]";
        }
    }

    private final Architecture architecture;
    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName;

    private TensorLayout(Architecture architecture, List<Tensor> tensors) {
        this.architecture = architecture;
        this.tensors = Collections.unmodifiableList(tensors);
        this.byName = new HashMap<String, Tensor>();
        for (Tensor t : tensors) {
            byName.put(t.name, t);
        }
    }

    /** The layout of {@code model}'s parameters. */
    public static TensorLayout of(Model model) {
        return of(Architecture.of(model));
    }

    /** The layout of a network of this architecture. */
    public static TensorLayout of(Architecture architecture) {
        List<Tensor> tensors = new ArrayList<Tensor>();
        int array = 0;
        for (Architecture.Layer layer : architecture.layers()) {
            String module = Integer.toString(2 * (layer.index() - 1));
            tensors.add(new Tensor(module + ".weight", Kind.WEIGHT, layer.index(), layer.units(), layer.inputs(), array));
            array += layer.inputs();
            tensors.add(new Tensor(module + ".bias", Kind.BIAS, layer.index(), layer.units(), 1, array));
            array += 1;
            if (layer.projected()) {
                tensors.add(new Tensor("proj." + module + ".weight", Kind.PROJECTION, layer.index(), layer.units(),
                        layer.sourceUnits(), array));
                array += layer.sourceUnits();
            }
        }
        return new TensorLayout(architecture, tensors);
    }

    /** The architecture it was made from. */
    public Architecture architecture() {
        return architecture;
    }

    /** Every tensor, in the order of {@code parameterArrays()}. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /**
     * Checks that every parameter of {@code model} (which has this layout) is finite, as every
     * reader of this package requires.
     *
     * @throws IllegalArgumentException naming the first tensor and element that is NaN or infinite
     */
    public void requireFinite(Model model) {
        ParameterValues values = ParameterValues.of(model);
        for (Tensor t : tensors) {
            for (int k = 0; k < t.size(); k++) {
                double v = values.get(t, k);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("tensor '" + t.name() + "' element " + Text.index(t.shape(), k)
                            + " is " + v + ": a model with non-finite parameters cannot be exported");
                }
            }
        }
    }

    /** The tensor named {@code name}, or null. */
    public Tensor tensor(String name) {
        return byName.get(name);
    }
}
