package io.chainrule.processor.plan;

import com.palantir.javapoet.ClassName;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.NetworkSpec;
import java.util.List;

/**
 * The lowering of a network: layers with their code shapes, the parameter layout and the memory
 * footprint. Everything here is derived from the {@link NetworkSpec}.
 *
 * @param spec the declaration
 * @param layers one plan per dense layer, first hidden layer first
 * @param sharedMethods true if a run of alike layers shares one method per pass (the emitters
 *     decide which layers are alike, from their code); false writes every layer's own methods,
 *     which compute the same bits (the tests compare the two)
 */
public record NetworkPlan(NetworkSpec spec, List<LayerPlan> layers, boolean sharedMethods) {
    /** Multiply-adds of a layer from which its batched gradient passed down uses a transposed W. */
    public static final int TRANSPOSE_MIN_MACS = 4096;


    public NetworkPlan {
        layers = List.copyOf(layers);
    }

    /** The same plan with every layer's own methods, none shared. */
    public NetworkPlan withoutSharedMethods() {
        return new NetworkPlan(spec, layers, false);
    }

    public LayerPlan layer(int index) {
        return layers.get(index - 1);
    }

    public LayerPlan output() {
        return layers.get(layers.size() - 1);
    }

    public int depth() {
        return layers.size();
    }

    public Precision precision() {
        return spec.precision();
    }

    public Loss loss() {
        return spec.loss();
    }

    public int inputs() {
        return spec.inputs();
    }

    public int outputs() {
        return output().units();
    }

    public long parameters() {
        long sum = 0;
        for (LayerPlan layer : layers) {
            sum += layer.parameters();
        }
        return sum;
    }

    /** Arrays in {@code parameterArrays()}: each layer's weight rows, bias and projection rows. */
    public int parameterArrays() {
        int sum = 0;
        for (LayerPlan layer : layers) {
            sum += layer.parameterArrays();
        }
        return sum;
    }

    /** The layers whose residual connection adds the output of layer {@code source} (0: the input). */
    public List<LayerPlan> skipsFrom(int source) {
        List<LayerPlan> users = new java.util.ArrayList<>();
        for (LayerPlan layer : layers) {
            if (layer.residual() && layer.source() == source) {
                users.add(layer);
            }
        }
        return users;
    }

    /** Number of layers with a residual connection. */
    public int residualLayers() {
        int count = 0;
        for (LayerPlan layer : layers) {
            count += layer.residual() ? 1 : 0;
        }
        return count;
    }

    /**
     * α = 1/sqrt(R) for R residual layers: the factor on every residual branch. Summed over R
     * branches that a gradient step moves alike, the branches then change the output about as
     * much as one layer does, at any depth.
     */
    public double residualScale() {
        return 1 / Math.sqrt(Math.max(1, residualLayers()));
    }

    /** Values held for the softmax probabilities, if the head needs them. */
    public int headValues() {
        return loss() == Loss.SOFTMAX_CROSS_ENTROPY ? outputs() : 0;
    }

    /**
     * Values of the scratch buffer for the four partial sums of unrolled dot products: needed
     * when an unrolled layer above the first passes dL/dh down through a dot product long enough
     * to split, over its own units (through W) or over the units of a projected skip that
     * reaches the layer below it (through P, which the lower layer's unrolled code adds).
     */
    public int scratchValues() {
        for (LayerPlan layer : layers) {
            if (!layer.unrolled() || layer.index() == 1) {
                continue;
            }
            int longest = layer.units();
            for (LayerPlan skip : skipsFrom(layer.index() - 1)) {
                if (skip.projected()) {
                    longest = Math.max(longest, skip.units());
                }
            }
            if (longest >= Limits.SPLIT_DOT_PRODUCT) {
                return 4;
            }
        }
        return 0;
    }

    /**
     * True if the model runs a batch as matrix-matrix loops ({@code lossAndGradientBatch}): when at
     * least one layer is big enough to be coded as loops. Reusing a weight row across the examples
     * of a batch needs a loop over that row; a network whose layers are all unrolled is tiny (its
     * weights stay in the L1 cache anyway), so it runs a batch example by example.
     */
    public boolean batched() {
        for (LayerPlan layer : layers) {
            if (!layer.unrolled()) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the batch activation buffers per example of the maximum batch (0 if not {@link #batched()}). */
    public long batchBytesPerExample() {
        if (!batched()) {
            return 0;
        }
        long values = 0;
        for (LayerPlan layer : layers) {
            values += layer.bufferValues();
        }
        return values * precision().bytes();
    }

    /**
     * True if the batched path passes dL/dh down through a transposed copy of layer {@code l}'s
     * W: a layer from the second on, with at least {@link Limits#SPLIT_DOT_PRODUCT} units (four
     * partial sums per dot product) and {@link #TRANSPOSE_MIN_MACS} multiply-adds.
     */
    public boolean transposesWeights(LayerPlan l) {
        return batched() && l.index() >= 2 && l.units() >= Limits.SPLIT_DOT_PRODUCT
                && (long) l.inputs() * l.units() >= TRANSPOSE_MIN_MACS;
    }

    /** Values of the transposed weight copies and of their four partial sums (see {@link #transposesWeights}). */
    public long transposedValues() {
        long values = 0;
        int rows = 0;
        for (LayerPlan layer : layers) {
            if (transposesWeights(layer)) {
                values += (long) layer.inputs() * layer.units();
                rows = Math.max(rows, layer.inputs());
            }
        }
        return values + 4L * rows;
    }

    /** Bytes of parameters, gradients, activation buffers and scratch (array headers not counted). */
    public long footprintBytes() {
        long values = 2 * parameters() + headValues() + scratchValues() + transposedValues();
        for (LayerPlan layer : layers) {
            values += layer.bufferValues();
        }
        return values * precision().bytes();
    }

    /**
     * Bytes an inference-only class holds: parameters and the buffers of the forward pass (z, a,
     * h and the softmax probabilities), array headers not counted.
     */
    public long inferenceFootprintBytes() {
        return (parameters() + headValues() + forwardValues()) * precision().bytes();
    }

    /**
     * Bytes of the batch buffers of an inference-only class per example of its maximum batch: the
     * forward pass's z, a and h (0 if not {@link #batched()}).
     */
    public long inferenceBatchBytesPerExample() {
        return batched() ? forwardValues() * precision().bytes() : 0;
    }

    /** Values of the forward pass's buffers of one example: every buffer but dL/dz and dL/dh. */
    private long forwardValues() {
        long values = 0;
        for (LayerPlan layer : layers) {
            // dL/dz and dL/dh are one buffer in a linear layer
            values += layer.bufferValues() - (long) (layer.linear() ? 1 : 2) * layer.units();
        }
        return values;
    }

    /**
     * The canonical architecture string of {@code Model.architecture()}, for example
     * {@code 64-32:relu-10:identity softmax_cross_entropy float}; runs of identical layers are
     * written once with a count, {@code 16:tanh+1*998}.
     */
    public String architecture() {
        StringBuilder s = new StringBuilder().append(inputs());
        for (int i = 0; i < layers.size(); ) {
            String layer = layers.get(i).architecture();
            int run = 1;
            while (i + run < layers.size() && layers.get(i + run).architecture().equals(layer)
                    && layers.get(i + run).inputs() == layers.get(i).inputs()) {
                run++;
            }
            s.append('-').append(layer);
            if (run > 1) {
                s.append('*').append(run);
            }
            i += run;
        }
        return s.append(' ').append(loss().label()).append(' ')
                .append(precision().name().toLowerCase(java.util.Locale.ROOT)).toString();
    }

    public ClassName annotatedType() {
        List<String> names = spec.annotatedNames();
        return ClassName.get(spec.packageName(), names.get(0), names.subList(1, names.size()).toArray(new String[0]));
    }

    public ClassName generatedType() {
        return ClassName.get(spec.packageName(), spec.generatedName());
    }
}
