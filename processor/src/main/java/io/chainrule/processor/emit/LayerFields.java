package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * The per-layer array fields of a generated class, in groups (parameters, their gradients,
 * activations, their gradients), each field with the statement that allocates it. Per-layer
 * fields are allocated by the constructor, layer by layer in part methods for deep networks,
 * rather than by field initializers, which javac would put all into one constructor too large to
 * compile.
 */
final class LayerFields {
    /**
     * Layers per part method of the constructor, of {@code initialize} and of {@code keepExample}
     * in deep networks. Those methods have no branch, and a layer's statements there (an
     * allocation per array, or two array copies of about 12 dex code units each) keep 20 layers
     * within ART's 600 code units for branch-free methods (JVM-NOTES.md).
     */
    static final int LAYERS_PER_PART = 20;

    private final NetworkPlan plan;
    private final Numeric num;
    /** The allocation statements of each layer's fields, in the order the fields were declared. */
    private final Map<Integer, CodeBlock.Builder> allocations = new TreeMap<>();

    LayerFields(NetworkPlan plan, Numeric num) {
        this.plan = plan;
        this.num = num;
    }

    /** Every layer's weights, bias and projection. */
    List<FieldSpec> parameters() {
        List<FieldSpec> fields = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            int i = l.index();
            String in = Names.inputSymbol(l);
            fields.add(matrix(Names.w(l), l.inputs(), l.units(),
                    String.format("Layer %d weights: {@code w%d[j][i]} connects %s[j] to z%d[i].", i, i, in, i)));
            fields.add(layerVector(Names.b(l), l.units(), String.format("Layer %d biases.", i)));
            if (l.projected()) {
                fields.add(matrix(Names.p(l), l.sourceUnits(), l.units(), String.format(
                        "Layer %d residual projection: {@code p%d[j][i]} maps %s[j] to h%d[i].", i, i,
                        Names.symbol(l.source()), i)));
            }
        }
        return fields;
    }

    /** The gradients of every layer's parameters. */
    List<FieldSpec> gradients() {
        List<FieldSpec> fields = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            int i = l.index();
            fields.add(matrix(Names.dw(l), l.inputs(), l.units(), String.format("dL/dW%d, accumulated by {@code lossAndGradient}.", i)));
            fields.add(layerVector(Names.db(l), l.units(), String.format("dL/db%d, accumulated by {@code lossAndGradient}.", i)));
            if (l.projected()) {
                fields.add(matrix(Names.dp(l), l.sourceUnits(), l.units(), String.format("dL/dP%d, accumulated by {@code lossAndGradient}.", i)));
            }
        }
        return fields;
    }

    /** Every layer's z, a (in a residual non-identity layer) and h (unless the layer is linear). */
    List<FieldSpec> activations() {
        List<FieldSpec> fields = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            int i = l.index();
            fields.add(layerVector(Names.z(l), l.units(), String.format("z%d = W%d · %s + b%d of the last forward pass%s.",
                    i, i, Names.inputSymbol(l), i, l.linear() ? ", which is also h" + i + " (identity)" : "")));
            String activated = Names.activated(l);
            if (!activated.equals(Names.z(l)) && !activated.equals(Names.h(l))) {
                fields.add(layerVector(activated, l.units(), String.format("a%d = %s(z%d), the residual branch.", i,
                        l.activation().label(), i)));
            }
            if (!l.linear()) {
                fields.add(layerVector(Names.h(l), l.units(), l.residual()
                        ? String.format("h%d = a%d + %s%s (residual).", i, i, l.projected() ? "P" + i + " · " : "",
                                Names.symbol(l.source()))
                        : String.format("h%d = %s(z%d).", i, l.activation().label(), i)));
            }
        }
        return fields;
    }

    /** Every layer's dL/dz and (unless the layer is linear) dL/dh. */
    List<FieldSpec> activationGradients() {
        List<FieldSpec> fields = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            int i = l.index();
            fields.add(layerVector(Names.dz(l), l.units(), String.format("dL/dz%d of the last backward pass%s.", i,
                    l.linear() ? ", which is also dL/dh" + i : "")));
            if (!l.linear()) {
                fields.add(layerVector(Names.dh(l), l.units(), String.format("dL/dh%d of the last backward pass.", i)));
            }
        }
        return fields;
    }

    /** A vector field that is not a layer's, allocated by its initializer. */
    FieldSpec vector(String name, int size, String doc) {
        return FieldSpec.builder(num.array(), name, Modifier.PRIVATE, Modifier.FINAL).addJavadoc("$L\n", doc)
                .initializer("new $T[$L]", num.type(), size).build();
    }

    /** The allocations of layer {@code l}'s fields declared so far, to which the constructor adds its own statements. */
    CodeBlock.Builder allocations(LayerPlan l) {
        return allocations.get(l.index());
    }

    /**
     * Puts layer {@code l}'s parameter arrays into {@code parameters} from index {@code start} on:
     * its weight rows, bias and projection rows; with {@code gradients}, their gradients likewise.
     */
    static CodeBlock links(LayerPlan l, int start, boolean gradients) {
        CodeBlock.Builder b = CodeBlock.builder();
        int k = start;
        b.add(rows(k, l.inputs(), Names.w(l), gradients ? Names.dw(l) : null));
        k += l.inputs();
        b.addStatement("parameters[$L] = $L", k, Names.b(l));
        if (gradients) {
            b.addStatement("gradients[$L] = $L", k, Names.db(l));
        }
        k++;
        if (l.projected()) {
            b.add(rows(k, l.sourceUnits(), Names.p(l), gradients ? Names.dp(l) : null));
        }
        return b.build();
    }

    /** Lists the rows of {@code matrix} (and of {@code gradient}, unless null) from array {@code start} on. */
    private static CodeBlock rows(int start, int rows, String matrix, String gradient) {
        String index = start == 0 ? "j" : start + " + j";
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("parameters[$L] = $L[j]", index, matrix);
        if (gradient != null) {
            b.addStatement("gradients[$L] = $L[j]", index, gradient);
        }
        return b.endControlFlow().build();
    }

    /** A layer's matrix field; the constructor allocates it with the layer. */
    private FieldSpec matrix(String name, int rows, int cols, String doc) {
        allocation(name).addStatement("$L = new $T[$L][$L]", name, num.type(), rows, cols);
        return FieldSpec.builder(num.matrix(), name, modifiers()).addJavadoc("$L\n", doc).build();
    }

    /** A layer's vector field; the constructor allocates it with the layer. */
    private FieldSpec layerVector(String name, int size, String doc) {
        allocation(name).addStatement("$L = new $T[$L]", name, num.type(), size);
        return FieldSpec.builder(num.array(), name, modifiers()).addJavadoc("$L\n", doc).build();
    }

    /**
     * Per-layer fields are final when the constructor allocates them itself; in a network deep
     * enough that part methods allocate them, they cannot be.
     */
    private Modifier[] modifiers() {
        return plan.depth() <= LAYERS_PER_PART
                ? new Modifier[] {Modifier.PRIVATE, Modifier.FINAL}
                : new Modifier[] {Modifier.PRIVATE};
    }

    /** The allocations of the layer that field {@code name} (such as {@code dw12}) belongs to. */
    private CodeBlock.Builder allocation(String name) {
        int layer = Integer.parseInt(name.replaceAll("\\D", ""));
        return allocations.computeIfAbsent(layer, l -> CodeBlock.builder());
    }
}
