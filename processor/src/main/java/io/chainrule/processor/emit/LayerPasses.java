package io.chainrule.processor.emit;

import com.palantir.javapoet.ParameterSpec;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The five passes over the layers whose methods {@link PassMethods} writes: the forward pass, the
 * backward pass and the backward pass with the SGD step of one example, and the forward and
 * backward passes of a batch. Each says what its methods are called, hold (the phases of a
 * {@link LayerCode}) and take.
 */
final class LayerPasses {
    /** How a layer whose products are large enough computes them ({@link ProductsCall#calls}). */
    private static final String PRODUCTS_OR_LOOPS = "the runtime's vector products where it has them, else loops";

    private LayerPasses() {
    }

    /** {@code forward<l>}: z and h of one example. */
    static PassMethods forward(NetworkPlan plan, Numeric num, ForwardPass shapes) {
        return new PassMethods(plan, num, new PassMethods.Pass(MethodNames.FORWARD, false,
                (l, names) -> shapes.code(l).forward(l, plan, names), shapes::inputParameters,
                (l, layers, names) -> String.format("%s forward (%s).%n", layers, ForwardPass.shape(l))));
    }

    /** {@code backward<l>}: the chain rule from dL/dh of the layer, accumulating the gradients. */
    static PassMethods backward(NetworkPlan plan, Numeric num, ForwardPass shapes) {
        return new PassMethods(plan, num, new PassMethods.Pass(MethodNames.BACKWARD, false,
                (l, names) -> shapes.code(l).backward(l, plan, names), shapes::inputParameters,
                (l, layers, names) -> String.format("%s backward (%s), from dL/dh%s.%n", layers, ForwardPass.shape(l),
                        names.sub(l.index()))));
    }

    /** {@code backwardStep<l>}: the backward pass with the SGD step folded in, at learning rate {@code rate}. */
    static PassMethods backwardStep(NetworkPlan plan, Numeric num, ForwardPass shapes) {
        return new PassMethods(plan, num, new PassMethods.Pass(MethodNames.BACKWARD_STEP, false,
                (l, names) -> shapes.code(l).backwardStep(l, plan, names), l -> {
                    List<ParameterSpec> parameters = new ArrayList<>(shapes.inputParameters(l));
                    parameters.add(ParameterSpec.builder(num.type(), ExampleCode.RATE).build());
                    return parameters;
                },
                (l, layers, names) -> String.format("%s backward with the SGD step folded in (%s), from dL/dh%s.%n",
                        layers, ForwardPass.shape(l), names.sub(l.index()))));
    }

    /** {@code batchForward<l>}: z and h of examples 0 .. n - 1 of a batch. */
    static PassMethods batchForward(NetworkPlan plan, Numeric num, TransposedProduct transposed) {
        return new PassMethods(plan, num, new PassMethods.Pass("batchForward", true,
                (l, names) -> new BatchCode(num, transposed, names).forward(l, plan, names), l -> batchParameters(l, num),
                (l, layers, names) -> String.format(
                        "%s forward for examples 0 .. n - 1 of the batch, each weight row read once for all:%n%s.%n",
                        layers, ProductsCall.calls(l) ? PRODUCTS_OR_LOOPS : "loops")));
    }

    /** {@code batchBackward<l>}: the backward pass of examples 0 .. n - 1 of a batch. */
    static PassMethods batchBackward(NetworkPlan plan, Numeric num, TransposedProduct transposed) {
        return new PassMethods(plan, num, new PassMethods.Pass("batchBackward", true,
                (l, names) -> new BatchCode(num, transposed, names).backward(l, plan, names), l -> batchParameters(l, num),
                (l, layers, names) -> String.format(
                        "%s backward for examples 0 .. n - 1 of the batch, from their dL/dh%s:%n%s.%n", layers,
                        names.sub(l.index()), ProductsCall.calls(l)
                                ? "dL/dW by " + PRODUCTS_OR_LOOPS + "; the rest in loops" : "loops")));
    }

    /** The layers from the last to the first: the order of the backward pass. */
    static List<LayerPlan> downwards(NetworkPlan plan) {
        List<LayerPlan> layers = new ArrayList<>(plan.layers());
        Collections.reverse(layers);
        return layers;
    }

    /** {@code x, off} for a layer that reads the network's input, else nothing: the arguments of its call. */
    static String exampleArguments(LayerPlan l) {
        return l.readsInput() ? "x, off" : "";
    }

    /** {@code x, n} for a layer that reads the network's input, else {@code n}: the arguments of its batched call. */
    static String batchArguments(LayerPlan l) {
        return l.readsInput() ? "x, n" : "n";
    }

    /** {@code (x, n)} for a layer that reads the network's input, else {@code (n)}. */
    private static List<ParameterSpec> batchParameters(LayerPlan l, Numeric num) {
        ParameterSpec count = ParameterSpec.builder(int.class, BatchCode.COUNT).build();
        if (!l.readsInput()) {
            return List.of(count);
        }
        return List.of(ParameterSpec.builder(num.array(), "x").build(), count);
    }
}
