package io.chainrule.processor.emit;

import static io.chainrule.processor.emit.Members.constant;
import static io.chainrule.processor.emit.Members.getter;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.Precision;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.spec.CompiledWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Builds the inference-only class of a {@link NetworkPlan}: the parameters, the buffers of the
 * forward pass, {@code predict} and the methods that describe the network, written by the same
 * writers as the training class ({@link NetworkDescription}, {@link LayerFields},
 * {@link ForwardPass}, {@link HeadCode}, the forward half of {@link BatchPath}), so it predicts the
 * same bits; no gradients, backward pass or training buffers. Its parameters are loaded from a
 * model file at run time, or compiled in ({@link WeightsClass}). Knows nothing about annotations.
 */
public final class InferenceEmitter {
    /**
     * The batch size the no-argument constructor allocates for. At the MNIST shape (784-128-10
     * float), {@code predictBatch} took 5.5 µs per example in chunks of 8 and 5.1 µs in chunks of
     * 32, against 8.6 µs for {@code predict} (HotSpot 17, a busy 2-vCPU machine); the buffers of 8
     * examples cost 2% of the parameters' bytes, which keeps the class within 1.1 x of them.
     */
    static final int DEFAULT_MAX_BATCH = 8;

    private final NetworkPlan plan;
    private final ClassName network;
    private final Optional<WeightsClass> weights;
    private final Optional<CompiledWeights> compiled;
    private final Numeric num;
    private final NetworkDescription description;
    private final ForwardPass forward;
    private final LayerFields fields;
    private final HeadCode head;
    private final BatchPath batch;

    private InferenceEmitter(NetworkPlan plan, ClassName network, Optional<CompiledWeights> compiled) {
        this.plan = plan;
        this.network = network;
        this.compiled = compiled;
        this.num = new Numeric(plan.precision());
        this.weights = compiled.map(w -> new WeightsClass(w, num));
        this.description = new NetworkDescription(plan, num);
        this.forward = new ForwardPass(plan, num);
        this.fields = new LayerFields(plan, num);
        this.head = new HeadCode(plan, num);
        this.batch = new BatchPath(plan, num);
    }

    /**
     * The generated class.
     *
     * @param plan the network's plan under the names of the annotated type
     * @param network the network type whose trained parameters the class runs
     * @param compiled the parameters to compile in; empty: they are loaded at run time
     * @param generated the {@code @Generated} annotation type the compilation can see, if any
     * @param generator what {@code @Generated} names as the generator
     * @param comments the generator's version, for {@code @Generated(comments = ...)}
     */
    public static TypeSpec emit(NetworkPlan plan, ClassName network, Optional<CompiledWeights> compiled,
            Optional<ClassName> generated, String generator, String comments) {
        return new InferenceEmitter(plan, network, compiled).type(generated, generator, comments);
    }

    private TypeSpec type(Optional<ClassName> generated, String generator, String comments) {
        ClassName contract = ClassName.get("io.chainrule",
                plan.precision() == Precision.FLOAT ? "FloatPredictor" : "DoublePredictor");
        TypeSpec.Builder t = description.declaration(contract, classJavadoc(), generated, generator, comments);
        t.addFields(constants());
        t.addFields(arrays());
        t.addFields(batch.fields(BatchPath.FORWARD));
        List<MethodSpec> parts = new ArrayList<>();
        t.addMethods(constructors(parts));
        t.addMethods(description.methods());
        t.addMethod(getter("parameterArrays", num.matrix(), "parameters"));
        t.addMethod(forward.predict());
        t.addMethod(batch.predictBatch());
        t.addMethod(forward.driver(parts));
        if (plan.batched()) {
            t.addMethod(batch.forwardDriver(parts));
        }
        t.addMethods(parts);
        t.addMethods(forward.layerMethods());
        if (plan.batched()) {
            t.addMethods(batch.forwardLayers());
        }
        t.addMethod(head.writeOutputs());
        weights.ifPresent(w -> t.addType(w.type()));
        return t.build();
    }

    private CodeBlock classJavadoc() {
        String networkName = network.packageName().equals(plan.spec().packageName())
                ? String.join(".", network.simpleNames()) : network.canonicalName();
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The inference-only class of the network {@code $L}, generated by Chainrule: its forward\n",
                        networkName)
                .add("pass and {@code predict}, without gradients, backward pass or training buffers.\n\n")
                .add(description.layerTable())
                .add(String.format(Locale.ROOT, "<p>%,d parameters in %s; %,d bytes of parameters and activation "
                                + "buffers, all allocated by the constructor; nothing is allocated after it.%n%n",
                        plan.parameters(), num.type(), plan.inferenceFootprintBytes()))
                .add(plan.batched()
                        ? String.format(Locale.ROOT, "<p>{@code predictBatch} runs up to {@code maxBatch} examples at once as%n"
                                + "matrix-matrix loops that read each weight row once for all of them, in batch buffers of%n"
                                + "%,d bytes per example, also allocated by the constructor.%n%n",
                                plan.inferenceBatchBytesPerExample())
                        : "<p>Every layer is unrolled, so {@code predictBatch} runs the examples one by one.\n\n");
        if (compiled.isPresent()) {
            doc.add("<p>The parameters of {@code $L} are compiled in: the constructor\n", compiled.get().resource())
                    .add("decodes them from the string constants of the nested class {@code $L}, so the model is\n",
                            WeightsClass.NAME)
                    .add("ready when it is constructed. {@link #SCALER} is the scaler saved with them.\n\n");
        } else {
            doc.add("<p>Its {@link #architecture()} is the network's, so model files saved from the network's\n")
                    .add("training class load into it ({@code ModelFile.load}), and from the same parameters it\n")
                    .add("predicts the same bits.\n\n");
        }
        return doc.add("<p>{@link #parameterArrays()} lists, layer by layer, the weight rows {@code wl[j]} (the\n")
                .add("weights leaving input {@code j}, so {@code wl[j][i]} connects input {@code j} to unit\n")
                .add("{@code i}), then the bias {@code bl}, then the rows of a residual projection {@code pl}.\n")
                .build();
    }

    private List<FieldSpec> constants() {
        List<FieldSpec> constants = new ArrayList<>(description.sizeConstants());
        constants.add(constant(TypeName.LONG, "FOOTPRINT_BYTES",
                "Bytes of parameters and activation buffers (array headers not counted), batch buffers aside.", "$LL",
                plan.inferenceFootprintBytes()));
        constants.add(constant(TypeName.INT, "DEFAULT_MAX_BATCH",
                "Examples the batch buffers of {@code new " + plan.generatedType().simpleName() + "()} hold.", "$L",
                DEFAULT_MAX_BATCH));
        constants.add(constant(TypeName.LONG, "BATCH_BYTES_PER_EXAMPLE", plan.batched()
                ? "Bytes of the batch activation buffers per example of the maximum batch."
                : "Bytes of batch buffers per example: none, batches run example by example.", "$LL",
                plan.inferenceBatchBytesPerExample()));
        List<FieldSpec> architecture = description.architectureConstants();
        constants.add(architecture.get(0));
        weights.ifPresent(w -> {
            constants.add(constant(ClassName.get(String.class), "WEIGHTS",
                    "The model file whose parameters are compiled in.", "$S", compiled.get().resource()));
            constants.add(constant(ClassName.get("io.chainrule.data", "Scaler"), "SCALER",
                    "The scaler saved with the compiled-in parameters ({@code Scaler.NONE} if none): apply it to each\n"
                            + "input before {@code predict}, as in training.", "$L", w.scaler()));
        });
        constants.addAll(architecture.subList(1, architecture.size()));
        return constants;
    }

    private List<FieldSpec> arrays() {
        List<FieldSpec> arrays = new ArrayList<>(fields.parameters());
        arrays.addAll(fields.activations());
        if (plan.headValues() > 0) {
            arrays.add(fields.vector(HeadCode.PROBABILITIES, plan.headValues(), "softmax of the last forward pass's outputs."));
        }
        arrays.add(FieldSpec.builder(num.matrix(), "parameters", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The parameter arrays in the documented order.\n")
                .initializer("new $T[$L][]", num.type(), plan.parameterArrays()).build());
        return arrays;
    }

    private List<MethodSpec> constructors(List<MethodSpec> parts) {
        List<CodeBlock> layers = new ArrayList<>();
        List<CodeBlock> batchAllocations = new ArrayList<>();
        int k = 0;
        for (LayerPlan l : plan.layers()) {
            layers.add(fields.allocations(l).add(LayerFields.links(l, k, false)).build());
            batchAllocations.add(batch.allocations(l, BatchPath.FORWARD));
            k += l.parameterArrays();
        }
        String what = compiled.map(w -> "A network with the parameters of {@code " + w.resource() + "}")
                .orElse("A network with all parameters zero (load trained ones with {@code ModelFile.load})");
        MethodSpec byDefault = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("$L\nand batch buffers for {@link #DEFAULT_MAX_BATCH} examples.\n", what)
                .addStatement("this(DEFAULT_MAX_BATCH)")
                .build();
        MethodSpec.Builder sized = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("$L.\n\n"
                        + "@param maxBatch examples {@code predictBatch} computes at once (at least 1); longer batches\n"
                        + "    are taken in chunks of this size$L\n", what, plan.batched()
                        ? ". Each example of it costs {@link #BATCH_BYTES_PER_EXAMPLE} bytes."
                        : "; unused here: every layer is unrolled, so batches run example by example.")
                .addParameter(int.class, BatchPath.MAX_BATCH)
                .addCode(batch.constructorStart())
                .addCode(MethodPacker.sequence("allocateLayers", List.of(), layers, LayerFields.LAYERS_PER_PART, parts));
        if (plan.batched()) {
            List<ParameterSpec> sizes = List.of(ParameterSpec.builder(int.class, BatchPath.MAX_BATCH).build());
            sized.addCode(MethodPacker.sequence("allocateBatchBuffers", sizes, batchAllocations,
                    BatchPath.ALLOCATING_LAYERS_PER_PART, parts));
        }
        weights.ifPresent(w -> sized.addCode(w.decode()));
        return List.of(byDefault, sized.build());
    }
}
