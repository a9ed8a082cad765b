package io.chainrule.processor.emit;

import static io.chainrule.processor.emit.Members.constant;
import static io.chainrule.processor.emit.Members.getter;
import static io.chainrule.processor.emit.Members.override;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.Activation;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * What every class generated from a network says about it, the training class and the
 * inference class alike: the class declaration around the annotated type, the layer table of its
 * Javadoc, the constants of its shape and architecture, and the {@code Predictor} methods that
 * return them.
 */
final class NetworkDescription {
    private final NetworkPlan plan;
    private final Numeric num;

    NetworkDescription(NetworkPlan plan, Numeric num) {
        this.plan = plan;
        this.num = num;
    }

    /**
     * The generated class: final, public if the annotated type is, implementing or extending the
     * annotated type and {@code contract}, with {@code @Generated} if the compilation has one and
     * a {@code serialVersionUID} if the annotated type is {@code Serializable}.
     */
    TypeSpec.Builder declaration(ClassName contract, CodeBlock javadoc, Optional<ClassName> generated, String generator,
            String comments) {
        TypeSpec.Builder t = TypeSpec.classBuilder(plan.generatedType())
                .addModifiers(Modifier.FINAL)
                .addJavadoc(javadoc);
        if (plan.spec().annotatedIsPublic()) {
            t.addModifiers(Modifier.PUBLIC);
        }
        t.alwaysQualify(plan.spec().shadowedNames().toArray(new String[0]));
        if (plan.spec().usesDeprecated()) {
            // implementing a deprecated type, or overriding a deprecated method, is a use of it
            t.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "{$S, $S}", "deprecation", "removal").build());
        }
        generated.ifPresent(g -> t.addAnnotation(AnnotationSpec.builder(g)
                .addMember("value", "$S", generator).addMember("comments", "$S", comments).build()));
        if (plan.spec().annotatedIsInterface()) {
            t.addSuperinterface(plan.annotatedType());
        } else {
            t.superclass(plan.annotatedType());
        }
        t.addSuperinterface(contract);
        if (plan.spec().annotatedIsSerializable()) {
            t.addField(FieldSpec.builder(long.class, "serialVersionUID", Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("1L").build());
        }
        return t;
    }

    /** The table of layers for the class Javadoc, from {@code <pre>} to the blank line after it. */
    CodeBlock layerTable() {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("<pre>\n")
                .add("layer  units  activation    skip  code       parameters\n")
                .add(String.format(Locale.ROOT, "x      %5d%n", plan.inputs()));
        for (LayerPlan l : plan.layers()) {
            String skip = l.residual() ? "+h" + l.source() + (l.projected() ? "P" : "") : "";
            doc.add(String.format(Locale.ROOT, "%-5d  %5d  %-12s  %-4s  %-8s  %,11d%n", l.index(), l.units(),
                    l.activation().label(), skip, ForwardPass.shape(l), l.parameters()));
        }
        return doc.add("loss: $L\n", plan.loss().label())
                .add("</pre>\n\n")
                .build();
    }

    /** {@code INPUTS}, {@code OUTPUTS}, {@code PARAMETERS}, {@code LAYERS} and {@code CLASSES}. */
    List<FieldSpec> sizeConstants() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(constant(TypeName.INT, "INPUTS", "Size of the input vector.", "$L", plan.inputs()));
        fields.add(constant(TypeName.INT, "OUTPUTS", "Number of outputs.", "$L", plan.outputs()));
        fields.add(constant(TypeName.INT, "PARAMETERS", "Number of weights and biases.", "$L", plan.parameters()));
        fields.add(constant(TypeName.INT, "LAYERS", "Number of dense layers.", "$L", plan.depth()));
        fields.add(constant(TypeName.INT, "CLASSES", "Number of classes (0 for regression).", "$L",
                plan.loss().classCount(plan.outputs())));
        return fields;
    }

    /**
     * {@code ARCHITECTURE}, then the private constants the forward pass and the describing methods
     * read: {@code RESIDUAL_SCALE} (in a residual network), {@code SIZES} and {@code ACTIVATION}.
     */
    List<FieldSpec> architectureConstants() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(constant(ClassName.get(String.class), "ARCHITECTURE",
                "The architecture, as {@link #architecture()} returns it.", "$S", plan.architecture()));
        int residual = plan.residualLayers();
        if (residual > 0) {
            fields.add(FieldSpec.builder(num.type(), LayerCode.RESIDUAL_SCALE, Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.FINAL)
                    .addJavadoc("α = 1/sqrt($L): every residual branch is scaled by α before it is added. The $L branches\n"
                            + "then sum to O(1) at the start, and one gradient step, which moves every branch the same\n"
                            + "way, moves their sum about as much as it moves one layer of a shallow network.\n",
                            residual, residual)
                    .initializer("$L", num.literal(Double.toString(plan.residualScale()))).build());
        }
        CodeBlock.Builder sizes = CodeBlock.builder().add("{$L", plan.inputs());
        CodeBlock.Builder activations = CodeBlock.builder().add("{");
        for (LayerPlan l : plan.layers()) {
            sizes.add(", $L", l.units());
            activations.add("$L$T.$L", l.index() == 1 ? "" : ", ", Activation.class, l.activation().name());
        }
        fields.add(FieldSpec.builder(int[].class, "SIZES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(sizes.add("}").build()).build());
        fields.add(FieldSpec.builder(Activation[].class, "ACTIVATION", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(activations.add("}").build()).build());
        return fields;
    }

    /** The {@code Predictor} methods that describe the network, from {@code inputSize()} to {@code architecture()}. */
    List<MethodSpec> methods() {
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(getter("inputSize", TypeName.INT, "INPUTS"));
        methods.add(getter("outputSize", TypeName.INT, "OUTPUTS"));
        methods.add(getter("parameterCount", TypeName.INT, "PARAMETERS"));
        methods.add(getter("layerCount", TypeName.INT, "LAYERS"));
        methods.add(override("layerSize", TypeName.INT).addParameter(int.class, "layer")
                .addStatement("return SIZES[layer]").build());
        methods.add(override("activation", ClassName.get(Activation.class)).addParameter(int.class, "layer")
                .addStatement("return ACTIVATION[layer - 1]").build());
        methods.add(getter("loss", ClassName.get(Loss.class), CodeBlock.of("$T.$L", Loss.class, plan.loss().name())));
        methods.add(getter("precision", ClassName.get(Precision.class),
                CodeBlock.of("$T.$L", Precision.class, plan.precision().name())));
        methods.add(getter("classCount", TypeName.INT, "CLASSES"));
        methods.add(getter("architecture", ClassName.get(String.class), "ARCHITECTURE"));
        return methods;
    }
}
