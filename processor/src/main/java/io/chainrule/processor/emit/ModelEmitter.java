package io.chainrule.processor.emit;

import static io.chainrule.processor.emit.Members.constant;
import static io.chainrule.processor.emit.Members.getter;
import static io.chainrule.processor.emit.Members.override;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.Activation;
import io.chainrule.Loss;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
    private final HeadCode head;
    private final BatchPath batch;
    private final NetworkDescription description;
    private final ForwardPass forward;
    private final LayerFields fields;
    private final TraceMembers trace;
    private final PassMethods backward;
    private final PassMethods backwardStep;

    private ModelEmitter(NetworkPlan plan) {
        this.plan = plan;
        this.num = new Numeric(plan.precision());
        this.loops = new LoopCode(num);
        this.head = new HeadCode(plan, num);
        this.batch = new BatchPath(plan, num);
        this.description = new NetworkDescription(plan, num);
        this.forward = new ForwardPass(plan, num);
        this.fields = new LayerFields(plan, num);
        this.trace = new TraceMembers(plan, num, forward.methods());
        this.backward = backwardMethods(plan, num, forward);
        this.backwardStep = backwardStepMethods(plan, num, forward);
    }

    /** The layers' backward methods: the chain rule from dL/dh of the layer, accumulating the gradients. */
    static PassMethods backwardMethods(NetworkPlan plan, Numeric num, ForwardPass forward) {
        return new PassMethods(plan, num, new BackwardPass(MethodNames.BACKWARD, "backward", forward) {
            @Override
            public List<Phase> phases(LayerPlan l, LayerNames names) {
                return forward.code(l).backward(l, plan, names);
            }
        });
    }

    /** The layers' backward methods with the SGD step folded in. */
    static PassMethods backwardStepMethods(NetworkPlan plan, Numeric num, ForwardPass forward) {
        return new PassMethods(plan, num, new BackwardPass(MethodNames.BACKWARD_STEP, "backward with the SGD step folded in", forward) {
            @Override
            public List<Phase> phases(LayerPlan l, LayerNames names) {
                return forward.code(l).backwardStep(l, plan, names);
            }

            @Override
            public List<ParameterSpec> parameters(LayerPlan l) {
                List<ParameterSpec> parameters = new ArrayList<>(super.parameters(l));
                parameters.add(ParameterSpec.builder(num.type(), ExampleCode.RATE).build());
                return parameters;
            }
        });
    }

    /** A per-example backward pass: its methods take the input where they read it. */
    private abstract static class BackwardPass implements PassMethods.Pass {
        private final String method;
        private final String what;
        private final ForwardPass forward;

        BackwardPass(String method, String what, ForwardPass forward) {
            this.method = method;
            this.what = what;
            this.forward = forward;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public List<ParameterSpec> parameters(LayerPlan l) {
            return forward.inputParameters(l);
        }

        @Override
        public String javadoc(LayerPlan l, String layers, LayerNames names) {
            return String.format("%s %s (%s), from dL/dh%s.%n", layers, what, ForwardPass.shape(l), names.sub(l.index()));
        }

        @Override
        public boolean batched() {
            return false;
        }
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
        // FloatTraceable / DoubleTraceable: the model interface and the buffers a step trace reads
        TypeSpec.Builder t = description.declaration(trace.contract(), classJavadoc(), generated, generator, comments);
        t.addFields(constants());
        t.addFields(arrays());
        t.addFields(batch.fields());
        List<MethodSpec> parts = new ArrayList<>();
        t.addMethods(constructors(parts));
        t.addMethods(modelMethods(parts));
        t.addMethods(trace.methods(parts));
        t.addMethods(passes(parts));
        List<MethodSpec> batchMethods = batch.privateMethods(parts, LayerFields.LAYERS_PER_PART);
        t.addMethods(parts);
        t.addMethods(forward.layerMethods());
        t.addMethods(backward.methods(downwards(plan)));
        t.addMethods(backwardStep.methods(downwards(plan)));
        t.addMethods(batchMethods);
        t.addMethod(head.outputLoss());
        t.addMethod(head.writeOutputs());
        return t.build();
    }

    /** The layers from the last to the first: the order of the backward pass. */
    static List<LayerPlan> downwards(NetworkPlan plan) {
        List<LayerPlan> layers = new ArrayList<>(plan.layers());
        Collections.reverse(layers);
        return layers;
    }

    private CodeBlock classJavadoc() {
        return CodeBlock.builder()
                .add("The compiled network of {@link $T}, generated by Chainrule.\n\n", plan.annotatedType())
                .add(description.layerTable())
                .add(String.format(Locale.ROOT, "<p>%,d parameters in %s; %,d bytes of parameters, gradients and "
                                + "activation buffers, all allocated by the constructor.%n%n",
                        plan.parameters(), num.type(), plan.footprintBytes()))
                .add(plan.batched()
                        ? String.format(Locale.ROOT, "<p>{@code lossAndGradientBatch}, {@code predictBatch} and {@code lossAndPredictBatch} run%n"
                                + "up to {@code maxBatch} examples at once as matrix-matrix loops that read each weight row once%n"
                                + "for all of them, in batch buffers of %,d bytes per example, also allocated by the constructor.%n%n",
                                plan.batchBytesPerExample())
                        : "<p>Every layer is unrolled, so {@code lossAndGradientBatch}, {@code predictBatch} and\n"
                                + "{@code lossAndPredictBatch} run the examples one by one.\n\n")
                .add("<p>{@link #parameterArrays()} lists, layer by layer, the weight rows {@code wl[j]} (the\n")
                .add("weights leaving input {@code j}, so {@code wl[j][i]} connects input {@code j} to unit\n")
                .add("{@code i}), then the bias {@code bl}, then the rows of a residual projection {@code pl}.\n")
                .add("{@link #gradientArrays()} is shaped the same.\n")
                .build();
    }

    private List<FieldSpec> constants() {
        List<FieldSpec> constants = new ArrayList<>(description.sizeConstants());
        constants.add(constant(TypeName.LONG, "FOOTPRINT_BYTES", plan.transposedValues() > 0
                ? "Bytes of parameters, gradients, activation buffers and transposed weight copies."
                : "Bytes of parameters, gradients and activation buffers.", "$LL", plan.footprintBytes()));
        constants.add(constant(TypeName.INT, "DEFAULT_MAX_BATCH",
                "Examples the batch buffers of {@code new " + plan.generatedType().simpleName() + "()} hold.", "$L",
                BatchPath.DEFAULT_MAX_BATCH));
        constants.add(constant(TypeName.LONG, "BATCH_BYTES_PER_EXAMPLE", plan.batched()
                ? "Bytes of the batch activation buffers per example of the maximum batch."
                : "Bytes of batch buffers per example: none, batches run example by example.", "$LL",
                plan.batchBytesPerExample()));
        constants.addAll(description.architectureConstants());
        CodeBlock.Builder ends = CodeBlock.builder().add("{");
        int end = 0;
        for (LayerPlan l : plan.layers()) {
            end += l.parameterArrays();
            ends.add("$L$L", l.index() == 1 ? "" : ", ", end);
        }
        constants.add(FieldSpec.builder(int[].class, "ARRAYS_END", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("ARRAYS_END[l - 1]: one past the last parameter array of layer l.\n")
                .initializer(ends.add("}").build()).build());
        return constants;
    }

    private List<FieldSpec> arrays() {
        List<FieldSpec> arrays = new ArrayList<>(fields.parameters());
        arrays.addAll(fields.gradients());
        arrays.addAll(fields.activations());
        arrays.addAll(fields.activationGradients());
        if (plan.headValues() > 0) {
            arrays.add(fields.vector(HeadCode.PROBABILITIES, plan.headValues(), "softmax of the last forward pass's outputs."));
        }
        if (plan.scratchValues() > 0) {
            arrays.add(fields.vector(UnrolledCode.PARTIAL, plan.scratchValues(),
                    "Scratch: the four partial sums of an unrolled dot product."));
        }
        arrays.add(FieldSpec.builder(num.matrix(), "parameters", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The parameter arrays in the documented order.\n")
                .initializer("new $T[$L][]", num.type(), plan.parameterArrays()).build());
        arrays.add(FieldSpec.builder(num.matrix(), "gradients", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The gradient arrays, in the order of {@code parameters}.\n")
                .initializer("new $T[$L][]", num.type(), plan.parameterArrays()).build());
        arrays.add(FieldSpec.builder(num.matrix(), "outputGradients", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("outputGradients[l] is dL/dh of layer l (index 0 unused).\n")
                .initializer("new $T[$L][]", num.type(), plan.depth() + 1).build());
        return arrays;
    }

    private List<MethodSpec> constructors(List<MethodSpec> parts) {
        List<CodeBlock> links = new ArrayList<>();
        List<CodeBlock> batchAllocations = new ArrayList<>();
        int k = 0;
        for (LayerPlan l : plan.layers()) {
            CodeBlock.Builder b = fields.allocations(l);
            b.add(LayerFields.links(l, k, true));
            k += l.parameterArrays();
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
                .addCode(MethodPacker.sequence("allocateLayers", List.of(), links, LayerFields.LAYERS_PER_PART, parts))
                .addCode(batch.batched()
                        ? MethodPacker.sequence("allocateBatchBuffers", sizes, batchAllocations, BatchPath.ALLOCATING_LAYERS_PER_PART, parts)
                        : CodeBlock.of(""))
                .build();
        return List.of(byDefault, sized);
    }

    private List<MethodSpec> modelMethods(List<MethodSpec> parts) {
        List<MethodSpec> methods = new ArrayList<>(description.methods());
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
        methods.add(forward.predict());
        methods.add(batch.predictBatch());
        methods.addAll(perExample("loss", List.of(), null));
        methods.addAll(perExample("lossAndGradient", List.of(), "backward(x, offset)"));
        methods.addAll(perExample("sgdStep", List.of(ParameterSpec.builder(num.type(), "learningRate").build()),
                "backwardStep(x, offset, learningRate)"));
        methods.addAll(batch.publicMethods());
        methods.addAll(batch.lossAndPredictBatch());
        MethodSpec.Builder inputGradient = override(MethodNames.INPUT_GRADIENT, TypeName.VOID).addParameter(num.array(), "out");
        for (Phase phase : inputGradientPhases(plan, loops)) {
            inputGradient.addCode(phase.commentBlock(""));
            phase.statements().forEach(st -> inputGradient.addCode(st.code()));
        }
        methods.add(inputGradient.build());
        methods.add(override("outputGradient", num.array()).addParameter(int.class, "layer")
                .addStatement("return outputGradients[layer]").build());
        return methods;
    }

    /** The phases of {@code inputGradient(out)}: dL/dx through W1, then every skip connection from the input. */
    static List<Phase> inputGradientPhases(NetworkPlan plan, LoopCode loops) {
        LayerPlan first = plan.layer(1);
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.of(Term.GRADIENT_BELOW, "dL/dx = W1 · dL/dz1, i.e. dL/dx[j] = Σ_i W1[j][i] * dL/dz1[i]",
                loops.dotRows("out", false, Names.w(first), Names.dz(first), first.inputs(), first.units())));
        phases.addAll(loops.skipGradients("out", 0, plan, LayerNames.fields(plan)));
        return phases;
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
                .addCode(MethodPacker.sequence("initializeLayers", random, layers, LayerFields.LAYERS_PER_PART, parts))
                .build();
    }

    private List<MethodSpec> passes(List<MethodSpec> parts) {
        List<ParameterSpec> input = List.of(ParameterSpec.builder(num.array(), "x").build(),
                ParameterSpec.builder(int.class, "off").build());
        MethodSpec forwardDriver = forward.driver(parts);
        MethodSpec backwardDriver = MethodSpec.methodBuilder(MethodNames.BACKWARD).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The backward pass, from dL/dh$L written by {@code outputLoss}: the chain rule,\n"
                        + "layer by layer from the output to the input.\n", plan.depth())
                .addParameters(input)
                .addCode(backward.driver("backwardLayers", input, downwards(plan), ForwardPass::inputArguments, parts))
                .build();
        List<ParameterSpec> stepInput = new ArrayList<>(input);
        stepInput.add(ParameterSpec.builder(num.type(), ExampleCode.RATE).build());
        MethodSpec backwardStepDriver = MethodSpec.methodBuilder(MethodNames.BACKWARD_STEP).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The backward pass with the SGD step θ ← θ − η dL/dθ folded in, η = {@code $L}: layer\n"
                        + "by layer from the output, dL/dh goes down through the old weights, then they\n"
                        + "take their step. The gradient arrays are not touched.\n", ExampleCode.RATE)
                .addParameters(stepInput)
                .addCode(backwardStep.driver("backwardStepLayers", stepInput, downwards(plan),
                        l -> l.readsInput() ? "x, off, " + ExampleCode.RATE : ExampleCode.RATE, parts))
                .build();
        return List.of(forwardDriver, backwardDriver, backwardStepDriver);
    }
}
