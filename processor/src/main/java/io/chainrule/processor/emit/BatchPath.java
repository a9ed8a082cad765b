package io.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import io.chainrule.Loss;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The batched path, {@code lossAndGradientBatch}, {@code predictBatch} and
 * {@code lossAndPredictBatch}: the forward (and backward) passes of up to {@code maxBatch} examples
 * at once as matrix-matrix loops ({@link BatchCode}), with buffers allocated by the constructor.
 * The head (loss and {@code dL/dh} of the output layer, or the outputs) runs per example on the
 * per-example buffers, so it is the same code as {@code lossAndGradient}'s (or {@code predict}'s).
 * A network of unrolled layers only ({@link NetworkPlan#batched()} false) runs a batch example by
 * example.
 */
final class BatchPath {
    /** The batch size the no-argument constructor allocates for. */
    static final int DEFAULT_MAX_BATCH = 32;
    static final String MAX_BATCH = "maxBatch";
    /**
     * Layers per part method of the constructor's batch-buffer allocations in deep networks. D8
     * turns each {@code new T[maxBatch][units]} into about 18 dex code units (a call to
     * {@code Array.newInstance}), and a layer has up to six such arrays (five batch buffers and a
     * transposed copy of W, {@link TransposedProduct}), so four layers keep a part within ART's 600
     * code units for branch-free methods (JVM-NOTES.md).
     */
    static final int ALLOCATING_LAYERS_PER_PART = 4;
    private static final ClassName TARGETS = ClassName.get("io.chainrule", "Targets");

    private final NetworkPlan plan;
    private final Numeric num;
    private final TransposedProduct transposed;
    /** The fields' names and their batch buffers, for the head and the copies of one example. */
    private final LayerNames fields;
    private final PassMethods forwardMethods;
    private final PassMethods backwardMethods;

    BatchPath(NetworkPlan plan, Numeric num) {
        this.plan = plan;
        this.num = num;
        this.transposed = new TransposedProduct(num, plan);
        this.fields = LayerNames.fields(plan);
        this.forwardMethods = LayerPasses.batchForward(plan, num, transposed);
        this.backwardMethods = LayerPasses.batchBackward(plan, num, transposed);
    }

    boolean batched() {
        return plan.batched();
    }

    /** The kinds of batch buffer the forward pass writes. */
    static final List<BatchBuffer> FORWARD = List.of(BatchBuffer.Z, BatchBuffer.H, BatchBuffer.A);

    /**
     * {@code maxBatch}, the example offsets and the batch buffers, one field per kind used, and
     * the scratch of the {@link TransposedProduct}.
     */
    List<FieldSpec> fields() {
        List<FieldSpec> fields = fields(List.of(BatchBuffer.values()));
        if (batched()) {
            fields.addAll(transposed.fields());
        }
        return fields;
    }

    /** {@code maxBatch}, the example offsets and the batch buffers of {@code kinds}, one field per kind used. */
    List<FieldSpec> fields(List<BatchBuffer> kinds) {
        List<FieldSpec> fields = new ArrayList<>();
        if (!batched()) {
            return fields;
        }
        fields.add(FieldSpec.builder(TypeName.INT, MAX_BATCH, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Examples the batch buffers hold; longer batches are taken in chunks of this size.\n")
                .build());
        fields.add(FieldSpec.builder(int[].class, BatchCode.OFFSETS, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("offsets[e]: where example e of the current chunk starts in {@code x}.\n").build());
        TypeName cube = com.palantir.javapoet.ArrayTypeName.of(num.matrix());
        for (BatchBuffer kind : kinds) {
            if (!used(kind)) {
                continue;
            }
            String example = kind.name(firstWith(kind)).orElseThrow();
            String symbol = example.replaceAll("\\d+$", "");
            fields.add(FieldSpec.builder(cube, kind.field(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L[l][e] is $L of layer l for example e of the batch (null where the layer has none).\n",
                            kind.field(), symbol.startsWith("d") ? "dL/d" + symbol.substring(1) : symbol)
                    .initializer("new $T[$L][][]", num.type(), plan.depth() + 1).build());
        }
        return fields;
    }

    private boolean used(BatchBuffer kind) {
        return plan.layers().stream().anyMatch(l -> kind.name(l).isPresent());
    }

    private LayerPlan firstWith(BatchBuffer kind) {
        return plan.layers().stream().filter(l -> kind.name(l).isPresent()).findFirst().orElseThrow();
    }

    /** The constructor's allocation of layer {@code l}'s batch buffers and transposed weights. */
    CodeBlock allocations(LayerPlan l) {
        CodeBlock buffers = allocations(l, List.of(BatchBuffer.values()));
        return batched() ? buffers.toBuilder().add(transposed.allocation(l)).build() : buffers;
    }

    /** The constructor's allocation of layer {@code l}'s batch buffers of {@code kinds}. */
    CodeBlock allocations(LayerPlan l, List<BatchBuffer> kinds) {
        CodeBlock.Builder b = CodeBlock.builder();
        if (!batched()) {
            return b.build();
        }
        for (BatchBuffer kind : kinds) {
            if (kind.name(l).isPresent()) {
                b.addStatement("$L[$L] = new $T[$L][$L]", kind.field(), l.index(), num.type(), MAX_BATCH, l.units());
            }
        }
        return b.build();
    }

    /** The constructor's check of {@code maxBatch} and, if batched, its fields. */
    CodeBlock constructorStart() {
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("if ($L < 1)", MAX_BATCH)
                .addStatement("throw new $T($S + $L + $S)", IllegalArgumentException.class, "maxBatch is ", MAX_BATCH,
                        "; it must be at least 1")
                .endControlFlow();
        if (batched()) {
            b.addStatement("this.$L = $L", MAX_BATCH, MAX_BATCH)
                    .addStatement("$L = new int[$L]", BatchCode.OFFSETS, MAX_BATCH);
        }
        return b.build();
    }

    /** Both {@code lossAndGradientBatch} overloads, the one for the model's kind of target and the refusal. */
    List<MethodSpec> publicMethods() {
        boolean classifier = plan.loss().takesClassIndex();
        MethodSpec.Builder byLabel = override().addParameter(int[].class, "labels");
        MethodSpec.Builder byTarget = override().addParameter(num.array(), "targets")
                .addParameter(int.class, "targetStride");
        MethodSpec.Builder real = realOverload(byLabel, byTarget, "leaves the gradients as they were",
                "for (int r = from; r < to; r++)", "labels[rows[r]]");
        real.addStatement("double sum = 0.0");
        String head = classifier ? "outputLoss(labels[i])" : "outputLoss(targets, i * targetStride)";
        if (!batched()) {
            real.addComment("every layer is unrolled (tiny, its weights stay in the cache): one example at a time")
                    .beginControlFlow("for (int r = from; r < to; r++)")
                    .addStatement("int i = rows[r]")
                    .addStatement("sum += lossAndGradient(x, i * stride, $L)",
                            classifier ? "labels[i]" : "targets, i * targetStride")
                    .endControlFlow()
                    .addStatement("return sum");
            return List.of(byLabel.build(), byTarget.build());
        }
        LayerPlan output = plan.output();
        String s = fields.h(output);
        String ds = fields.dh(output);
        CodeBlock headAndBackward = CodeBlock.builder()
                .add("// the head, example by example: the loss and dL/dh$L\n", output.index())
                .beginControlFlow("for (int e = 0; e < n; e++)")
                .addStatement("int i = rows[start + e]")
                .addStatement("$T.arraycopy($L[e], 0, $L, 0, $L)", System.class, fields.batch(s), s, output.units())
                .addStatement("sum += $L", head)
                .addStatement("$T.arraycopy($L, 0, $L[e], 0, $L)", System.class, ds, fields.batch(ds), output.units())
                .endControlFlow()
                .addStatement("batchBackward(x, n)")
                .beginControlFlow("if (start + n == to)")
                .addStatement("keepExample(n - 1)")
                .endControlFlow()
                .build();
        real.addCode(chunks("chunks of at most maxBatch examples", "from", "to", "rows[start + e] * stride",
                headAndBackward)).addStatement("return sum");
        return List.of(byLabel.build(), byTarget.build());
    }

    /**
     * {@code predictBatch(x, offset, count, out, outOffset)}: chunks of at most {@code maxBatch}
     * examples through the batched forward pass, then the head example by example; every element
     * is computed as in {@code predict}, so the outputs have its bits. A network whose layers are
     * all unrolled runs the examples one by one.
     */
    MethodSpec predictBatch() {
        return Members.override("predictBatch", TypeName.VOID).addParameter(num.array(), "x")
                .addParameter(int.class, "offset").addParameter(int.class, "count").addParameter(num.array(), "out")
                .addParameter(int.class, "outOffset").addCode(forwardThenHead(false)).build();
    }

    /**
     * Both {@code lossAndPredictBatch} overloads, the one for the model's kind of target and the
     * refusal: each example's loss, as {@code loss} computes it, and its outputs, as {@code predict}
     * writes them, from one forward pass (in chunks, as {@code predictBatch}); the gradients are
     * not touched. Evaluations take it, so that a data set is run forward once, not twice.
     */
    List<MethodSpec> lossAndPredictBatch() {
        MethodSpec.Builder byLabel = lossAndPredict().addParameter(int[].class, "labels")
                .addParameter(int.class, "labelOffset");
        MethodSpec.Builder byTarget = lossAndPredict().addParameter(num.array(), "targets")
                .addParameter(int.class, "targetOffset");
        for (MethodSpec.Builder m : List.of(byLabel, byTarget)) {
            m.addParameter(num.array(), "out").addParameter(int.class, "outOffset");
        }
        realOverload(byLabel, byTarget, "writes no outputs", "for (int e = 0; e < count; e++)", "labels[labelOffset + e]")
                .addStatement("double sum = 0.0")
                .addCode(forwardThenHead(true))
                .addStatement("return sum");
        return List.of(byLabel.build(), byTarget.build());
    }

    /**
     * The body of {@code predictBatch} and, {@code withLoss}, of {@code lossAndPredictBatch}: examples
     * {@code 0 .. count - 1} from {@code x[offset]} in chunks through the batched forward pass (one by
     * one where every layer is unrolled), then the head per example: the loss added to {@code sum},
     * if asked, and the outputs written from {@code out[outOffset]}.
     */
    private CodeBlock forwardThenHead(boolean withLoss) {
        if (!batched()) {
            CodeBlock.Builder b = CodeBlock.builder()
                    .add("// every layer is unrolled (tiny, its weights stay in the cache): one example at a time\n")
                    .beginControlFlow("for (int e = 0; e < count; e++)")
                    .addStatement("forward(x, offset + e * INPUTS)");
            if (withLoss) {
                b.addStatement("sum += $L", lossOf("e"));
            }
            return b.addStatement("writeOutputs(out, outOffset + e * OUTPUTS)").endControlFlow().build();
        }
        LayerPlan output = plan.output();
        String s = fields.h(output);
        CodeBlock.Builder head = CodeBlock.builder()
                .add(withLoss ? "// the head, example by example: the loss and the outputs\n" : "// the head, example by example\n")
                .beginControlFlow("for (int e = 0; e < n; e++)")
                .addStatement("$T.arraycopy($L[e], 0, $L, 0, $L)", System.class, fields.batch(s), s, output.units());
        if (withLoss) {
            head.addStatement("sum += $L", lossOf("start + e"));
        }
        head.addStatement("writeOutputs(out, outOffset + (start + e) * OUTPUTS)").endControlFlow();
        return chunks("chunks of at most maxBatch examples: each weight row is read once per chunk", "0", "count",
                "offset + (start + e) * INPUTS", head.build());
    }

    /**
     * Of a method's two overloads, by label and by target, makes the one for the other kind of
     * target a refusal and returns the model's own, which, in a classifier, checks every label
     * ({@code label} in the loop {@code loop}) before anything else, so that a bad one
     * {@code keeps}.
     */
    private MethodSpec.Builder realOverload(MethodSpec.Builder byLabel, MethodSpec.Builder byTarget, String keeps,
            String loop, String label) {
        boolean classifier = plan.loss().takesClassIndex();
        MethodSpec.Builder real = classifier ? byLabel : byTarget;
        (classifier ? byTarget : byLabel).addStatement("throw $T.wrongKind($T.$L)", TARGETS, Loss.class,
                plan.loss().name());
        if (classifier) {
            real.addComment("every label is checked first, so that a bad one $L", keeps)
                    .beginControlFlow(loop)
                    .addStatement("$T.checkLabel($L, CLASSES)", TARGETS, label)
                    .endControlFlow();
        }
        return real;
    }

    /**
     * The head's loss of example {@code index} in {@code lossAndPredictBatch}; an index that is a
     * sum is parenthesized where it is multiplied.
     */
    private String lossOf(String index) {
        String factor = index.contains(" ") ? "(" + index + ")" : index;
        return plan.loss().takesClassIndex() ? "outputLoss(labels[labelOffset + " + index + "])"
                : "outputLoss(targets, targetOffset + " + factor + " * OUTPUTS)";
    }

    private MethodSpec.Builder lossAndPredict() {
        return Members.override("lossAndPredictBatch", TypeName.DOUBLE).addParameter(num.array(), "x")
                .addParameter(int.class, "offset").addParameter(int.class, "count");
    }

    /**
     * The chunk loop of the batched methods: examples {@code from .. to - 1} in chunks of at most
     * {@code maxBatch}, example {@code e} of a chunk read from {@code x[offset]} (an expression in
     * {@code start} and {@code e}), the chunk's forward pass, then {@code perChunk}, which reads the
     * chunk's first example {@code start} and its size {@code n}.
     */
    private static CodeBlock chunks(String comment, String from, String to, String offset, CodeBlock perChunk) {
        return CodeBlock.builder()
                .add("// $L\n", comment)
                .addStatement("int start = $L", from)
                .beginControlFlow("while (start < $L)", to)
                .addStatement("int n = $T.min($L, $L - start)", Math.class, MAX_BATCH, to)
                .beginControlFlow("for (int e = 0; e < n; e++)")
                .addStatement("$L[e] = $L", BatchCode.OFFSETS, offset)
                .endControlFlow()
                .addStatement("batchForward(x, n)")
                .add(perChunk)
                .addStatement("start += n")
                .endControlFlow()
                .build();
    }

    private MethodSpec.Builder override() {
        return MethodSpec.methodBuilder("lossAndGradientBatch").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.DOUBLE)
                .addParameter(num.array(), "x").addParameter(int.class, "stride").addParameter(int[].class, "rows")
                .addParameter(int.class, "from").addParameter(int.class, "to");
    }

    /**
     * The private methods of the batched path: the forward and backward drivers, one forward and
     * one backward method per layer (or per run of alike layers), and {@code keepExample}; part
     * methods of deep networks go to {@code parts}.
     */
    List<MethodSpec> privateMethods(List<MethodSpec> parts, int layersPerPart) {
        List<MethodSpec> methods = new ArrayList<>();
        if (!batched()) {
            return methods;
        }
        List<ParameterSpec> input = List.of(ParameterSpec.builder(num.array(), "x").build(), count());
        methods.add(forwardDriver(parts));
        methods.add(MethodSpec.methodBuilder("batchBackward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The backward pass of examples 0 .. n - 1 of the batch, from their dL/dh$L.\n", plan.depth())
                .addParameters(input)
                .addCode(backwardMethods.driver("batchBackwardLayers", input, LayerPasses.downwards(plan),
                        LayerPasses::batchArguments, parts))
                .build());
        List<CodeBlock> copies = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            CodeBlock.Builder b = CodeBlock.builder();
            List<String> names = l.linear() ? List.of(fields.dz(l)) : List.of(fields.dz(l), fields.dh(l));
            for (String name : names) {
                b.addStatement("$T.arraycopy($L[e], 0, $L, 0, $L)", System.class, fields.batch(name), name, l.units());
            }
            copies.add(b.build());
        }
        List<ParameterSpec> example = List.of(ParameterSpec.builder(int.class, "e").build());
        methods.add(MethodSpec.methodBuilder("keepExample").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Copies dL/dz and dL/dh of example {@code e} of the batch to the per-example buffers, which\n"
                        + "{@code inputGradient} and {@code outputGradient} read.\n")
                .addParameters(example)
                .addCode(MethodPacker.sequence("keepExampleLayers", example, copies, layersPerPart, parts))
                .build());
        methods.addAll(forwardLayers());
        methods.addAll(backwardMethods.methods(LayerPasses.downwards(plan)));
        return methods;
    }

    /** {@code batchForward(x, n)}, calling every layer's batched forward method; part methods go to {@code parts}. */
    MethodSpec forwardDriver(List<MethodSpec> parts) {
        List<ParameterSpec> input = List.of(ParameterSpec.builder(num.array(), "x").build(), count());
        return MethodSpec.methodBuilder("batchForward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass of examples 0 .. n - 1 of the batch, starting at {@code x[offsets[e]]}.\n")
                .addParameters(input)
                .addCode(forwardMethods.driver("batchForwardLayers", input, plan.layers(), LayerPasses::batchArguments, parts))
                .build();
    }

    /** The methods {@code batchForward1 .. batchForwardL} (a run of alike layers shares one), each followed by its part methods, if any. */
    List<MethodSpec> forwardLayers() {
        return forwardMethods.methods(plan.layers());
    }

    private static ParameterSpec count() {
        return ParameterSpec.builder(int.class, BatchCode.COUNT).build();
    }
}
