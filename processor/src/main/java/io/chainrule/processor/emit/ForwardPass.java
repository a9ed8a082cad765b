package io.chainrule.processor.emit;

import static io.chainrule.processor.emit.Members.override;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The forward pass of one example and {@code predict}, as the training class and the inference
 * class both have them: a driver that calls one method per layer, each layer's phases in its code
 * shape ({@link LoopCode} or {@link UnrolledCode}), and the head's outputs ({@link HeadCode}). Both
 * classes get the same code from the same plan, so they predict the same bits.
 */
final class ForwardPass {
    private final NetworkPlan plan;
    private final Numeric num;
    private final LoopCode loops;
    private final UnrolledCode unrolled;
    private final PassMethods methods;

    ForwardPass(NetworkPlan plan, Numeric num) {
        this.plan = plan;
        this.num = num;
        this.loops = new LoopCode(num);
        this.unrolled = new UnrolledCode(num);
        this.methods = LayerPasses.forward(plan, num, this);
    }

    /** The layers' forward methods, one per layer or per run of alike layers. */
    PassMethods methods() {
        return methods;
    }


    /** The layer's code shape: straight-line or loops. */
    ExampleCode code(LayerPlan l) {
        return l.unrolled() ? unrolled : loops;
    }

    /** The layer's code shape as the Javadoc names it. */
    static String shape(LayerPlan l) {
        return l.unrolled() ? "unrolled" : "loops";
    }

    /** {@code (x, off)} for a layer that reads the network's input, else no parameters. */
    List<ParameterSpec> inputParameters(LayerPlan l) {
        if (!l.readsInput()) {
            return List.of();
        }
        return List.of(ParameterSpec.builder(num.array(), "x").build(), ParameterSpec.builder(int.class, "off").build());
    }

    /** {@code predict(x, offset, out)}: the forward pass, then the head's outputs ({@link HeadCode#writeOutputs}) at offset 0. */
    MethodSpec predict() {
        return override("predict", TypeName.VOID).addParameter(num.array(), "x").addParameter(int.class, "offset")
                .addParameter(num.array(), "out")
                .addStatement("forward(x, offset)")
                .addStatement("writeOutputs(out, 0)").build();
    }

    /** {@code forward(x, off)}, calling every layer's method in order; part methods of deep networks go to {@code parts}. */
    MethodSpec driver(List<MethodSpec> parts) {
        List<ParameterSpec> input = List.of(ParameterSpec.builder(num.array(), "x").build(),
                ParameterSpec.builder(int.class, "off").build());
        return MethodSpec.methodBuilder(MethodNames.FORWARD).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass: every layer's z and h for the input at {@code x[off]}.\n")
                .addParameters(input)
                .addCode(methods.driver("forwardLayers", input, plan.layers(), LayerPasses::exampleArguments, parts))
                .build();
    }

    /** The methods {@code forward1 .. forwardL} (a run of alike layers shares one), each followed by its part methods, if any. */
    List<MethodSpec> layerMethods() {
        return methods.methods(plan.layers());
    }
}
