package io.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for an inference-only class of a trained network: Chainrule's annotation processor
 * generates, in the annotated type's package, a class that implements (or extends) the annotated
 * type and {@link FloatPredictor} or {@link DoublePredictor}, with the forward pass and
 * {@code predict} of the {@link Network} it names and nothing for training: no gradient arrays,
 * no backward pass, no batch buffers. It allocates nothing after construction.
 *
 * <pre>{@code
 * @Network(inputs = 784, layers = {...}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
 * public interface Mnist extends FloatModel {}            // trained on a desktop with MnistModel
 *
 * @Inference(network = Mnist.class)
 * public interface MnistClassifier extends FloatPredictor {}
 *
 * MnistClassifierModel classifier = new MnistClassifierModel();
 * Scaler scaler = ModelFile.loadResource(classifier, "models/mnist.chrl");  // saved from MnistModel
 * }</pre>
 *
 * <p>The inference class has the network's layers, code shape, precision and
 * {@link Predictor#architecture() architecture string}, so it loads the model files of the
 * training class and predicts the same bits from the same weights.
 *
 * <p>With {@link #weights()}, the processor reads a model file at compile time and compiles its
 * parameters (and its scaler) into the generated class, which is then ready as soon as it is
 * constructed: no file, stream or resource is read at run time.
 *
 * <p>The annotated type must be an interface or an abstract class with an accessible no-argument
 * constructor, not generic, not private, and not an inner (non-static nested) class; it may declare
 * default methods of its own, and must not extend {@link Model} (the inference class has no
 * training methods).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Inference {
    /** The {@link Network}-annotated type whose trained weights this class runs. */
    Class<?> network();

    /**
     * A model file saved from the network ({@code io.chainrule.io.ModelFile}) to compile into the
     * generated class, as a resource path such as {@code models/mnist.chrl}, looked up through the
     * compiler on the source path, in the class output (where Maven copies
     * {@code src/main/resources} before compiling) and on the class path. The processor checks its
     * magic bytes, version, architecture and checksum, and reports any problem as a compile error.
     * Empty (the default): nothing is compiled in; load the weights with {@code ModelFile}.
     */
    String weights() default "";

    /**
     * Simple name of the generated class; empty means the annotated type's name followed by
     * {@code Model} (for a nested type, the enclosing names joined by {@code _} first).
     */
    String name() default "";
}
