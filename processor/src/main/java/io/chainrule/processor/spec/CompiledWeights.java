package io.chainrule.processor.spec;

import io.chainrule.data.FeatureScaler;
import java.util.Optional;

/**
 * The contents of a model file that an inference class compiles in, read and checked at compile
 * time: its parameters in the order of {@code parameterArrays()} (exactly one of {@code floats}
 * and {@code doubles}, in the network's precision) and its scaler, if it has one.
 *
 * @param resource the resource path as declared, such as {@code models/mnist.chrl}
 * @param floats the parameters of a float network, else null
 * @param doubles the parameters of a double network, else null
 * @param scaler the scaler saved with the parameters, if any
 */
public record CompiledWeights(String resource, float[] floats, double[] doubles, Optional<FeatureScaler> scaler) {

    /** Number of parameters. */
    public int count() {
        return floats != null ? floats.length : doubles.length;
    }
}
