package io.chainrule.processor.emit;

import static io.chainrule.processor.emit.Members.override;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The members of the training class that a step trace ({@code io.chainrule.train.StepTrace})
 * reads, and that training never calls: {@code visitLayers}, which hands every layer's buffers to
 * a visitor, and {@code lossFromLayer}, which reruns the forward pass from a layer on (calling the
 * layer methods that training runs) and the loss, so that a trace can perturb one {@code h} and
 * measure {@code dL/dh} by finite differences. Nothing here is on the training path: the hot
 * methods stay as they are.
 */
final class TraceMembers {
    /**
     * Visitor calls per method of a deep network. Such a method has no branch, so it must stay
     * within ART's 600 dex code units for branch-free methods (JVM-NOTES.md): a call with its six
     * arguments is about 16 code units (five field reads, a constant, the interface call), so 20
     * calls are about 320 units; in bytecode about 28 bytes each.
     */
    static final int VISITS_PER_METHOD = 20;
    private static final ClassName TARGETS = ClassName.get("io.chainrule", "Targets");

    private final NetworkPlan plan;
    private final Numeric num;
    private final PassMethods forwardMethods;

    TraceMembers(NetworkPlan plan, Numeric num, PassMethods forwardMethods) {
        this.plan = plan;
        this.num = num;
        this.forwardMethods = forwardMethods;
    }

    /** {@code FloatTraceable} or {@code DoubleTraceable}, the interface these members implement. */
    ClassName contract() {
        return ClassName.get("io.chainrule", plan.precision() == Precision.FLOAT ? "FloatTraceable" : "DoubleTraceable");
    }

    /** {@code visitLayers}, both {@code lossFromLayer} methods and {@code forwardFrom}; part methods of deep networks go to {@code parts}. */
    List<MethodSpec> methods(List<MethodSpec> parts) {
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(visitLayers(parts));
        methods.addAll(lossFromLayer());
        methods.add(forwardFrom(parts));
        return methods;
    }

    private MethodSpec visitLayers(List<MethodSpec> parts) {
        ClassName visitorType = contract().nestedClass("Visitor");
        List<ParameterSpec> visitor = List.of(ParameterSpec.builder(visitorType, "visitor").build());
        List<CodeBlock> visits = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            visits.add(CodeBlock.builder().addStatement("visitor.layer($L, $L, $L, $L, $L, $L)", l.index(), Names.z(l),
                    Names.activated(l), Names.h(l), Names.dz(l), Names.dh(l)).build());
        }
        return override("visitLayers", TypeName.VOID).addParameters(visitor)
                .addJavadoc("Hands each layer's z, a(z), h, dL/dz and dL/dh to {@code visitor} (one array where two are\n"
                        + "the same values). For step traces: training never calls it.\n")
                .addCode(MethodPacker.sequence("visitLayers", visitor, visits, VISITS_PER_METHOD, parts))
                .build();
    }

    /**
     * The pair {@code lossFromLayer(layer, x, offset, label)} and
     * {@code lossFromLayer(layer, x, offset, target, targetOffset)}; the one whose target the loss
     * does not take throws, as in {@code loss}.
     */
    private List<MethodSpec> lossFromLayer() {
        boolean classifier = plan.loss().takesClassIndex();
        MethodSpec.Builder byLabel = override("lossFromLayer", num.type()).addParameter(int.class, "layer")
                .addParameter(num.array(), "x").addParameter(int.class, "offset").addParameter(int.class, "label");
        MethodSpec.Builder byTarget = override("lossFromLayer", num.type()).addParameter(int.class, "layer")
                .addParameter(num.array(), "x").addParameter(int.class, "offset").addParameter(num.array(), "target")
                .addParameter(int.class, "targetOffset");
        MethodSpec.Builder real = classifier ? byLabel : byTarget;
        real.addJavadoc("The loss after rerunning the layers from {@code layer} on, over the buffers below it as they\n"
                + "are. For the finite differences of step traces: training never calls it.\n");
        real.addStatement("$T.checkResumeLayer(layer, LAYERS)", TARGETS);
        if (classifier) {
            real.addStatement("$T.checkLabel(label, CLASSES)", TARGETS);
        }
        real.addStatement("forwardFrom(layer, x, offset)")
                .addStatement("return $L", classifier ? "outputLoss(label)" : "outputLoss(target, targetOffset)");
        (classifier ? byTarget : byLabel).addStatement("throw $T.wrongKind($T.$L)", TARGETS, Loss.class,
                plan.loss().name());
        return List.of(byLabel.build(), byTarget.build());
    }

    /** {@code forwardFrom(layer, x, off)}: the forward pass's layer methods from {@code layer} on. */
    private MethodSpec forwardFrom(List<MethodSpec> parts) {
        List<ParameterSpec> parameters = List.of(ParameterSpec.builder(int.class, "layer").build(),
                ParameterSpec.builder(num.array(), "x").build(), ParameterSpec.builder(int.class, "off").build());
        List<CodeBlock> calls = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            calls.add(CodeBlock.builder().beginControlFlow("if (layer <= $L)", l.index())
                    .addStatement("$L", forwardMethods.call(l, LayerPasses.exampleArguments(l)))
                    .endControlFlow().build());
        }
        return MethodSpec.methodBuilder("forwardFrom").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass from layer {@code layer} on: the layers below keep their buffers.\n")
                .addParameters(parameters)
                .addCode(MethodPacker.sequence("forwardFromLayers", parameters, calls, forwardMethods.callsPerMethod(), parts))
                .build();
    }
}
