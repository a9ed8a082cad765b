package io.chainrule.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.Activation;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Random;
import javax.lang.model.element.Modifier;

/** Builds the generated model class of a {@link NetworkPlan}. Knows nothing about annotations. */
public final class ModelEmitter {
    private static final ClassName TARGETS = ClassName.get("io.chainrule", "Targets");
    private static final ClassName INITIALIZER = ClassName.get("io.chainrule", "Initializer");

    private final NetworkPlan plan;
    private final Numeric num;
    private final LoopCode loops;
    private final UnrolledCode unrolled;
    private final HeadCode head;
    private final BatchPath batch;
    /**
     * The allocation statements of each layer's fields. Per-layer fields are allocated by the
     * constructor, layer by layer in part methods for deep networks, rather than by field
     * initializers, which javac would put all into one constructor too large to compile.
     */
    private final Map<Integer, CodeBlock.Builder> allocations = new TreeMap<>();

    private ModelEmitter(NetworkPlan plan) {
        this.plan = plan;
        this.num = new Numeric(plan.precision());
        this.loops = new LoopCode(num);
        this.unrolled = new UnrolledCode(num);
        this.head = new HeadCode(plan, num);
        this.batch = new BatchPath(plan, num);
    }

    /**
     * The generated class.
     *
     * @param generated the {@code @Generated} annotation type the compilation can see, if any
     * @param generator what {@code @Generated} names as the generator
     * @param comments the generator's version, for {@code @Generated(comments = ...)}
     */
    public static TypeSpec emit(NetworkPlan plan, Optional<ClassName> generated, String generator, String comments) {
        return new ModelEmitter(plan).type(generated, generator, comments);
    }

    private TypeSpec type(Optional<ClassName> generated, String generator, String comments) {
        ClassName modelInterface = ClassName.get("io.chainrule",
                plan.precision() == Precision.FLOAT ? "FloatModel" : "DoubleModel");
        TypeSpec.Builder t = TypeSpec.classBuilder(plan.generatedType())
                .addModifiers(Modifier.FINAL)
                .addJavadoc(classJavadoc());
        if (plan.spec().annotatedIsPublic()) {
            t.addModifiers(Modifier.PUBLIC);
        }
        t.alwaysQualify(plan.spec().shadowedNames().toArray(new String[0]));
        if (plan.spec().annotatedIsDeprecated()) {
            // implementing a deprecated type is a use of it; the user's own uses still warn
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
        t.addSuperinterface(modelInterface);
        if (plan.spec().annotatedIsSerializable()) {
            t.addField(FieldSpec.builder(long.class, "serialVersionUID", Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("1L").build());
        }
        t.addFields(constants());
        t.addFields(arrays());
        t.addFields(batch.fields());
        List<MethodSpec> parts = new ArrayList<>();
        t.addMethods(constructors(parts));
        t.addMethods(modelMethods(parts));
        t.addMethods(passes(parts));
        List<MethodSpec> batchMethods = batch.privateMethods(parts, MethodPacker.CALLS_PER_METHOD, LAYERS_PER_PART);
        t.addMethods(parts);
        for (LayerPlan l : plan.layers()) {
            t.addMethods(MethodPacker.pack("forward" + l.index(),
                    String.format("Layer %d forward (%s).%n", l.index(), shape(l)),
                    inputParameters(l), code(l).forward(l, plan)));
        }
        for (int i = plan.depth(); i >= 1; i--) {
            LayerPlan l = plan.layer(i);
            t.addMethods(MethodPacker.pack("backward" + i,
                    String.format("Layer %d backward (%s), from dL/dh%d.%n", i, shape(l), i),
                    inputParameters(l), code(l).backward(l, plan)));
        }
        for (int i = plan.depth(); i >= 1; i--) {
            LayerPlan l = plan.layer(i);
            t.addMethods(MethodPacker.pack("backwardStep" + i,
                    String.format("Layer %d backward with the SGD step folded in (%s), from dL/dh%d.%n", i, shape(l), i),
                    stepParameters(l), code(l).backwardStep(l, plan)));
        }
        t.addMethods(batchMethods);
        t.addMethod(head.outputLoss());
        t.addMethod(head.writeOutputs());
        return t.build();
    }

    private ExampleCode code(LayerPlan l) {
        return l.unrolled() ? unrolled : loops;
    }

    private static String shape(LayerPlan l) {
        return l.unrolled() ? "unrolled" : "loops";
    }

    private List<ParameterSpec> inputParameters(LayerPlan l) {
        if (!l.readsInput()) {
            return List.of();
        }
        return List.of(ParameterSpec.builder(num.array(), "x").build(), ParameterSpec.builder(int.class, "off").build());
    }

    /** {@link #inputParameters} and the learning rate. */
    private List<ParameterSpec> stepParameters(LayerPlan l) {
        List<ParameterSpec> parameters = new ArrayList<>(inputParameters(l));
        parameters.add(ParameterSpec.builder(num.type(), ExampleCode.RATE).build());
        return parameters;
    }

    private CodeBlock classJavadoc() {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The compiled network of {@link $T}, generated by Chainrule.\n\n", plan.annotatedType())
                .add("<pre>\n")
                .add("layer  units  activation    skip  code       parameters\n")
                .add(String.format(Locale.ROOT, "x      %5d%n", plan.inputs()));
        for (LayerPlan l : plan.layers()) {
            String skip = l.residual() ? "+h" + l.source() + (l.projected() ? "P" : "") : "";
            doc.add(String.format(Locale.ROOT, "%-5d  %5d  %-12s  %-4s  %-8s  %,11d%n", l.index(), l.units(),
                    l.activation().label(), skip, shape(l), l.parameters()));
        }
        return doc.add("loss: $L\n", plan.loss().label())
                .add("</pre>\n\n")
                .add(String.format(Locale.ROOT, "<p>%,d parameters in %s; %,d bytes of parameters, gradients and "
                                + "activation buffers, all allocated by the constructor.%n%n",
                        plan.parameters(), num.type(), plan.footprintBytes()))
                .add(plan.batched()
                        ? String.format(Locale.ROOT, "<p>{@code lossAndGradientBatch} runs up to {@code maxBatch} examples at once as%n"
                                + "matrix-matrix loops that read each weight row once for all of them, in batch buffers of%n"
                                + "%,d bytes per example, also allocated by the constructor.%n%n", plan.batchBytesPerExample())
                        : "<p>Every layer is unrolled, so {@code lossAndGradientBatch} runs the examples one by one.\n\n")
                .add("<p>{@link #parameterArrays()} lists, layer by layer, the weight rows {@code wl[j]} (the\n")
                .add("weights leaving input {@code j}, so {@code wl[j][i]} connects input {@code j} to unit\n")
                .add("{@code i}), then the bias {@code bl}, then the rows of a residual projection {@code pl}.\n")
                .add("{@link #gradientArrays()} is shaped the same.\n")
                .build();
    }

    private List<FieldSpec> constants() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(constant(TypeName.INT, "INPUTS", "Size of the input vector.", "$L", plan.inputs()));
        fields.add(constant(TypeName.INT, "OUTPUTS", "Number of outputs.", "$L", plan.outputs()));
        fields.add(constant(TypeName.INT, "PARAMETERS", "Number of weights and biases.", "$L", plan.parameters()));
        fields.add(constant(TypeName.INT, "LAYERS", "Number of dense layers.", "$L", plan.depth()));
        fields.add(constant(TypeName.INT, "CLASSES", "Number of classes (0 for regression).", "$L",
                plan.loss().classCount(plan.outputs())));
        fields.add(constant(TypeName.LONG, "FOOTPRINT_BYTES",
                "Bytes of parameters, gradients and activation buffers.", "$LL", plan.footprintBytes()));
        fields.add(constant(TypeName.INT, "DEFAULT_MAX_BATCH",
                "Examples the batch buffers of {@code new " + plan.generatedType().simpleName() + "()} hold.", "$L",
                BatchPath.DEFAULT_MAX_BATCH));
        fields.add(constant(TypeName.LONG, "BATCH_BYTES_PER_EXAMPLE", plan.batched()
                ? "Bytes of the batch activation buffers per example of the maximum batch."
                : "Bytes of batch buffers per example: none, batches run example by example.", "$LL",
                plan.batchBytesPerExample()));
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
        CodeBlock.Builder ends = CodeBlock.builder().add("{");
        int end = 0;
        for (LayerPlan l : plan.layers()) {
            end += l.parameterArrays();
            ends.add("$L$L", l.index() == 1 ? "" : ", ", end);
        }
        fields.add(FieldSpec.builder(int[].class, "ARRAYS_END", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("ARRAYS_END[l - 1]: one past the last parameter array of layer l.\n")
                .initializer(ends.add("}").build()).build());
        return fields;
    }

    private static FieldSpec constant(TypeName type, String name, String doc, String format, Object value) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer(format, value).build();
    }

    private List<FieldSpec> arrays() {
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
        for (LayerPlan l : plan.layers()) {
            int i = l.index();
            fields.add(matrix(Names.dw(l), l.inputs(), l.units(), String.format("dL/dW%d, accumulated by {@code lossAndGradient}.", i)));
            fields.add(layerVector(Names.db(l), l.units(), String.format("dL/db%d, accumulated by {@code lossAndGradient}.", i)));
            if (l.projected()) {
                fields.add(matrix(Names.dp(l), l.sourceUnits(), l.units(), String.format("dL/dP%d, accumulated by {@code lossAndGradient}.", i)));
            }
        }
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
        for (LayerPlan l : plan.layers()) {
            int i = l.index();
            fields.add(layerVector(Names.dz(l), l.units(), String.format("dL/dz%d of the last backward pass%s.", i,
                    l.linear() ? ", which is also dL/dh" + i : "")));
            if (!l.linear()) {
                fields.add(layerVector(Names.dh(l), l.units(), String.format("dL/dh%d of the last backward pass.", i)));
            }
        }
        if (plan.headValues() > 0) {
            fields.add(vector(HeadCode.PROBABILITIES, plan.headValues(), "softmax of the last forward pass's outputs."));
        }
        if (plan.scratchValues() > 0) {
            fields.add(vector(UnrolledCode.PARTIAL, plan.scratchValues(),
                    "Scratch: the four partial sums of an unrolled dot product."));
        }
        fields.add(FieldSpec.builder(num.matrix(), "parameters", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The parameter arrays in the documented order.\n")
                .initializer("new $T[$L][]", num.type(), plan.parameterArrays()).build());
        fields.add(FieldSpec.builder(num.matrix(), "gradients", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The gradient arrays, in the order of {@code parameters}.\n")
                .initializer("new $T[$L][]", num.type(), plan.parameterArrays()).build());
        fields.add(FieldSpec.builder(num.matrix(), "outputGradients", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("outputGradients[l] is dL/dh of layer l (index 0 unused).\n")
                .initializer("new $T[$L][]", num.type(), plan.depth() + 1).build());
        return fields;
    }

    /** A layer's matrix field; the constructor allocates it with the layer ({@link #allocations}). */
    private FieldSpec matrix(String name, int rows, int cols, String doc) {
        allocation(name).addStatement("$L = new $T[$L][$L]", name, num.type(), rows, cols);
        return FieldSpec.builder(num.matrix(), name, layerFieldModifiers()).addJavadoc("$L\n", doc).build();
    }

    /** A layer's vector field; the constructor allocates it with the layer ({@link #allocations}). */
    private FieldSpec layerVector(String name, int size, String doc) {
        allocation(name).addStatement("$L = new $T[$L]", name, num.type(), size);
        return FieldSpec.builder(num.array(), name, layerFieldModifiers()).addJavadoc("$L\n", doc).build();
    }

    /**
     * Per-layer fields are final when the constructor allocates them itself; in a network deep
     * enough that part methods allocate them, they cannot be.
     */
    private Modifier[] layerFieldModifiers() {
        return plan.depth() <= LAYERS_PER_PART
                ? new Modifier[] {Modifier.PRIVATE, Modifier.FINAL}
                : new Modifier[] {Modifier.PRIVATE};
    }

    /** The allocations of the layer that field {@code name} (such as {@code dw12}) belongs to. */
    private CodeBlock.Builder allocation(String name) {
        int layer = Integer.parseInt(name.replaceAll("\\D", ""));
        return allocations.computeIfAbsent(layer, l -> CodeBlock.builder());
    }

    private FieldSpec vector(String name, int size, String doc) {
        return FieldSpec.builder(num.array(), name, Modifier.PRIVATE, Modifier.FINAL).addJavadoc("$L\n", doc)
                .initializer("new $T[$L]", num.type(), size).build();
    }

    /** Layers per part method of the constructor and of {@code initialize} in deep networks. */
    private static final int LAYERS_PER_PART = 40;

    private List<MethodSpec> constructors(List<MethodSpec> parts) {
        List<CodeBlock> links = new ArrayList<>();
        List<CodeBlock> batchAllocations = new ArrayList<>();
        int k = 0;
        for (LayerPlan l : plan.layers()) {
            CodeBlock.Builder b = allocations.get(l.index());
            b.add(rows(k, l.inputs(), Names.w(l), Names.dw(l)));
            k += l.inputs();
            b.addStatement("parameters[$L] = $L", k, Names.b(l)).addStatement("gradients[$L] = $L", k, Names.db(l));
            k++;
            if (l.projected()) {
                b.add(rows(k, l.sourceUnits(), Names.p(l), Names.dp(l)));
                k += l.sourceUnits();
            }
            b.addStatement("outputGradients[$L] = $L", l.index(), Names.dh(l));
            links.add(b.build());
            batchAllocations.add(batch.allocations(l));
        }
        List<ParameterSpec> sizes = batch.batched()
                ? List.of(ParameterSpec.builder(int.class, BatchPath.MAX_BATCH).build()) : List.of();
        MethodSpec byDefault = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc(batch.batched()
                        ? "A network with all parameters zero and batch buffers for {@link #DEFAULT_MAX_BATCH} examples;\n"
                                + "call {@link #initialize(long)} or load trained ones.\n"
                        : "A network with all parameters zero; call {@link #initialize(long)} or load trained ones.\n")
                .addStatement("this(DEFAULT_MAX_BATCH)")
                .build();
        MethodSpec sized = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A network with all parameters zero; call {@link #initialize(long)} or load trained ones.\n\n"
                        + "@param maxBatch examples {@code lossAndGradientBatch} computes at once (at least 1); longer batches\n"
                        + "    are taken in chunks of this size$L\n", batch.batched()
                        ? ". Each example of it costs {@link #BATCH_BYTES_PER_EXAMPLE} bytes."
                        : "; unused here: every layer is unrolled, so batches run example by example.")
                .addParameter(int.class, BatchPath.MAX_BATCH)
                .addCode(batch.constructorStart())
                .addCode(MethodPacker.sequence("allocateLayers", List.of(), links, LAYERS_PER_PART, parts))
                .addCode(batch.batched()
                        ? MethodPacker.sequence("allocateBatchBuffers", sizes, batchAllocations, LAYERS_PER_PART, parts)
                        : CodeBlock.of(""))
                .build();
        return List.of(byDefault, sized);
    }

    /** Lists the rows of {@code matrix} and {@code gradient} from parameter array {@code start} on. */
    private static CodeBlock rows(int start, int rows, String matrix, String gradient) {
        String index = start == 0 ? "j" : start + " + j";
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("parameters[$L] = $L[j]", index, matrix)
                .addStatement("gradients[$L] = $L[j]", index, gradient)
                .endControlFlow()
                .build();
    }

    private List<MethodSpec> modelMethods(List<MethodSpec> parts) {
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
        methods.add(getter("parameterArrayCount", TypeName.INT, "parameters.length"));
        methods.add(override("layerOfParameterArray", TypeName.INT).addParameter(int.class, "arrayIndex")
                .beginControlFlow("for (int layer = 1; layer < LAYERS; layer++)")
                .beginControlFlow("if (arrayIndex < ARRAYS_END[layer - 1])")
                .addStatement("return layer")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return LAYERS")
                .build());
        methods.add(initialize(parts));
        methods.add(override("zeroGradients", TypeName.VOID)
                .beginControlFlow("for ($T gradient : gradients)", num.array())
                .addStatement("$T.fill(gradient, $L)", Arrays.class, num.literal("0"))
                .endControlFlow().build());
        methods.add(getter("parameterArrays", num.matrix(), "parameters"));
        methods.add(getter("gradientArrays", num.matrix(), "gradients"));
        methods.add(override("predict", TypeName.VOID).addParameter(num.array(), "x").addParameter(int.class, "offset")
                .addParameter(num.array(), "out")
                .addStatement("forward(x, offset)")
                .addStatement("writeOutputs(out)").build());
        methods.addAll(perExample("loss", List.of(), null));
        methods.addAll(perExample("lossAndGradient", List.of(), "backward(x, offset)"));
        methods.addAll(perExample("sgdStep", List.of(ParameterSpec.builder(num.type(), "learningRate").build()),
                "backwardStep(x, offset, learningRate)"));
        methods.addAll(batch.publicMethods());
        LayerPlan first = plan.layer(1);
        MethodSpec.Builder inputGradient = override("inputGradient", TypeName.VOID).addParameter(num.array(), "out");
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.of("dL/dx = W1 · dL/dz1, i.e. dL/dx[j] = Σ_i W1[j][i] * dL/dz1[i]",
                loops.dotRows("out", false, Names.w(first), Names.dz(first), first.inputs(), first.units())));
        phases.addAll(loops.skipGradients("out", 0, plan));
        for (Phase phase : phases) {
            inputGradient.addCode(phase.commentBlock(""));
            phase.statements().forEach(st -> inputGradient.addCode(st.code()));
        }
        methods.add(inputGradient.build());
        methods.add(override("outputGradient", num.array()).addParameter(int.class, "layer")
                .addStatement("return outputGradients[layer]").build());
        return methods;
    }

    /**
     * The pair of public per-example methods {@code name(x, offset, label, extra..)} and
     * {@code name(x, offset, target, targetOffset, extra..)}; the one whose target the loss does
     * not take throws. The other checks the label, runs the forward pass and the loss, then
     * {@code pass} (a backward pass; none for {@code loss}) and returns the loss.
     */
    private List<MethodSpec> perExample(String name, List<ParameterSpec> extra, String pass) {
        boolean classifier = plan.loss().takesClassIndex();
        MethodSpec.Builder byLabel = override(name, num.type()).addParameter(num.array(), "x")
                .addParameter(int.class, "offset").addParameter(int.class, "label").addParameters(extra);
        MethodSpec.Builder byTarget = override(name, num.type()).addParameter(num.array(), "x")
                .addParameter(int.class, "offset").addParameter(num.array(), "target")
                .addParameter(int.class, "targetOffset").addParameters(extra);
        MethodSpec.Builder real = classifier ? byLabel : byTarget;
        if (classifier) {
            real.addStatement("$T.checkLabel(label, CLASSES)", TARGETS);
        }
        real.addStatement("forward(x, offset)");
        String lossCall = classifier ? "outputLoss(label)" : "outputLoss(target, targetOffset)";
        if (pass == null) {
            real.addStatement("return $L", lossCall);
        } else {
            real.addStatement("$T loss = $L", num.type(), lossCall)
                    .addStatement(pass)
                    .addStatement("return loss");
        }
        (classifier ? byTarget : byLabel).addStatement("throw $T.wrongKind($T.$L)", TARGETS, Loss.class,
                plan.loss().name());
        return List.of(byLabel.build(), byTarget.build());
    }

    private MethodSpec initialize(List<MethodSpec> parts) {
        List<CodeBlock> layers = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("$T.fill($L, $T.$L, random)", INITIALIZER, Names.w(l), Activation.class,
                    l.activation().name());
            b.addStatement("$T.fill($L, $L)", Arrays.class, Names.b(l), num.literal("0"));
            if (l.projected()) {
                b.addStatement("$T.fill($L, $T.IDENTITY, random)", INITIALIZER, Names.p(l), Activation.class);
            }
            layers.add(b.build());
        }
        List<ParameterSpec> random = List.of(ParameterSpec.builder(Random.class, "random").build());
        return override("initialize", TypeName.VOID).addParameter(long.class, "seed")
                .addStatement("$T random = new $T(seed)", Random.class, Random.class)
                .addCode(MethodPacker.sequence("initializeLayers", random, layers, LAYERS_PER_PART, parts))
                .build();
    }

    private List<MethodSpec> passes(List<MethodSpec> parts) {
        List<ParameterSpec> input = List.of(ParameterSpec.builder(num.array(), "x").build(),
                ParameterSpec.builder(int.class, "off").build());
        List<CodeBlock> forwardCalls = layerCalls(plan, "forward", false, "x, off", "");
        List<CodeBlock> backwardCalls = layerCalls(plan, "backward", true, "x, off", "");
        MethodSpec forward = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass: every layer's z and h for the input at {@code x[off]}.\n")
                .addParameters(input)
                .addCode(MethodPacker.sequence("forwardLayers", input, forwardCalls, MethodPacker.CALLS_PER_METHOD, parts))
                .build();
        MethodSpec backward = MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The backward pass, from dL/dh$L written by {@code outputLoss}: the chain rule,\n"
                        + "layer by layer from the output to the input.\n", plan.depth())
                .addParameters(input)
                .addCode(MethodPacker.sequence("backwardLayers", input, backwardCalls, MethodPacker.CALLS_PER_METHOD, parts))
                .build();
        List<ParameterSpec> stepInput = new ArrayList<>(input);
        stepInput.add(ParameterSpec.builder(num.type(), ExampleCode.RATE).build());
        List<CodeBlock> stepCalls = layerCalls(plan, "backwardStep", true, "x, off, " + ExampleCode.RATE,
                ExampleCode.RATE);
        MethodSpec backwardStep = MethodSpec.methodBuilder("backwardStep").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The backward pass with the SGD step θ ← θ − η dL/dθ folded in, η = {@code $L}: layer\n"
                        + "by layer from the output, dL/dh goes down through the old weights, then they\n"
                        + "take their step. The gradient arrays are not touched.\n", ExampleCode.RATE)
                .addParameters(stepInput)
                .addCode(MethodPacker.sequence("backwardStepLayers", stepInput, stepCalls, MethodPacker.CALLS_PER_METHOD, parts))
                .build();
        return List.of(forward, backward, backwardStep);
    }

    /**
     * One call {@code methodL(arguments)} per layer L, from the first layer up or (for a backward
     * pass) from the last down; a layer that reads the input gets {@code inputArguments}, the
     * others {@code otherArguments}.
     */
    static List<CodeBlock> layerCalls(NetworkPlan plan, String method, boolean downwards, String inputArguments,
            String otherArguments) {
        List<CodeBlock> calls = new ArrayList<>();
        for (int k = 1; k <= plan.depth(); k++) {
            LayerPlan l = plan.layer(downwards ? plan.depth() + 1 - k : k);
            calls.add(CodeBlock.builder().addStatement("$L$L($L)", method, l.index(),
                    l.readsInput() ? inputArguments : otherArguments).build());
        }
        return calls;
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    private static MethodSpec getter(String name, TypeName returns, String field) {
        return override(name, returns).addStatement("return $L", field).build();
    }

    private static MethodSpec getter(String name, TypeName returns, CodeBlock value) {
        return override(name, returns).addStatement("return $L", value).build();
    }
}
