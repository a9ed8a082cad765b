package io.chainrule.processor.read;

import com.palantir.javapoet.ClassName;
import io.chainrule.processor.spec.CompiledWeights;
import java.util.Optional;

/**
 * An {@code @Inference} declaration that was read without errors: the {@link Declaration} of the
 * class to generate (the network's architecture under the annotated type's names), the network
 * type it runs, and the model file to compile in, if any.
 */
public final class InferenceDeclaration {
    private final Declaration declaration;
    private final ClassName network;
    private final Optional<CompiledWeights> weights;

    InferenceDeclaration(Declaration declaration, ClassName network, Optional<CompiledWeights> weights) {
        this.declaration = declaration;
        this.network = network;
        this.weights = weights;
    }

    public Declaration declaration() {
        return declaration;
    }

    /** The {@code @Network} type whose class this one is the inference-only twin of. */
    public ClassName network() {
        return network;
    }

    /** The parameters (and scaler) to compile in; empty if they are loaded at run time. */
    public Optional<CompiledWeights> weights() {
        return weights;
    }
}
