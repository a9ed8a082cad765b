package io.chainrule.processor.spec;

import io.chainrule.CodeShape;
import io.chainrule.DerivationPage;
import io.chainrule.Loss;
import io.chainrule.Precision;
import java.util.List;
import java.util.Set;

/**
 * A validated network declaration: everything the planner and the emitters need, and nothing
 * that ties them to annotations or javac elements.
 *
 * @param packageName package of the annotated type and of the generated class
 * @param annotatedNames simple names of the annotated type and its enclosing types, outermost first
 * @param annotatedIsInterface whether the generated class implements (true) or extends (false) it
 * @param annotatedIsPublic whether the annotated type is public (the generated class follows it)
 * @param usesDeprecated whether the generated class uses something deprecated: the annotated type,
 *     a type around it, or a method of the annotated type that it overrides (it then suppresses
 *     the deprecation warnings of that use)
 * @param annotatedIsSerializable whether the annotated type is {@code Serializable} (the generated
 *     class then declares its {@code serialVersionUID})
 * @param shadowedNames simple names that mean something else in the generated class's scope
 *     (members it inherits, other types of the package), so its code qualifies types of those names
 * @param generatedName simple name of the generated class
 * @param inputs size of the input vector
 * @param layers the dense layers, first hidden layer first
 * @param page where the derivation page goes, if anywhere
 */
public record NetworkSpec(
        String packageName,
        List<String> annotatedNames,
        boolean annotatedIsInterface,
        boolean annotatedIsPublic,
        boolean usesDeprecated,
        boolean annotatedIsSerializable,
        Set<String> shadowedNames,
        String generatedName,
        int inputs,
        List<LayerSpec> layers,
        Loss loss,
        Precision precision,
        CodeShape shape,
        DerivationPage page) {

    public NetworkSpec {
        annotatedNames = List.copyOf(annotatedNames);
        shadowedNames = Set.copyOf(shadowedNames);
        layers = List.copyOf(layers);
    }

    /** Units of layer {@code l}, 1-based; layer 0 is the input. */
    public int size(int l) {
        return l == 0 ? inputs : layers.get(l - 1).units();
    }

    /** Number of dense layers. */
    public int depth() {
        return layers.size();
    }
}
