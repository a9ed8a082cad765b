package io.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a feed-forward network; Chainrule's annotation processor generates, in the same
 * package, a class that implements (or extends) the annotated type and {@link FloatModel} or
 * {@link DoubleModel}, with the forward pass, the loss and the backward pass written out.
 *
 * <pre>{@code
 * @Network(inputs = 2,
 *          layers = {@Layer(units = 3, activation = Activation.TANH),
 *                    @Layer(units = 1, activation = Activation.IDENTITY)},
 *          loss = Loss.SIGMOID_CROSS_ENTROPY)
 * public interface Xor extends FloatModel {}
 *
 * Xor xor = new XorModel();
 * }</pre>
 *
 * <p>The annotated type must be an interface or an abstract class with an accessible no-argument
 * constructor, not generic, not private, and not an inner (non-static nested) class. It may
 * declare default methods of its own.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
    /** Size of the input vector; at least 1. */
    int inputs();

    /** The dense layers, from the first hidden layer to the output layer; at least one. */
    Layer[] layers();

    /** The output head. */
    Loss loss();

    /** Floating-point type of parameters and arithmetic. */
    Precision precision() default Precision.FLOAT;

    /** How layers are turned into code. */
    CodeShape shape() default CodeShape.AUTO;

    /**
     * Where the derivation page ({@code <generated class>.html}: the network's equations, forward
     * and backward, linked to the generated code) is written: by default beside the generated
     * source, which is never packaged; {@link DerivationPage#CLASS_OUTPUT} ships it as a resource;
     * {@link DerivationPage#NONE} writes none.
     */
    DerivationPage page() default DerivationPage.GENERATED_SOURCES;

    /**
     * Simple name of the generated class; empty means the annotated type's name followed by
     * {@code Model} (for a nested type, the enclosing names joined by {@code _} first).
     */
    String name() default "";
}
