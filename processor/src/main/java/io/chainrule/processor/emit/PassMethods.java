package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods of one pass over the layers (forward, backward, their batched twins): one method
 * per layer, except that a run of at least {@link MethodNames#SHARED_RUN} consecutive layers whose code is
 * the same once its arrays are named relative to the layer ({@link LayerNames#relativeTo}) shares
 * one method, which each layer of the run calls with its own arrays. A residual network of 1000
 * alike layers is then a few methods rather than thousands.
 *
 * <p>Whether layers are alike is decided on the code itself, not on the declaration: each
 * layer's phases are written with relative names and two layers share a method only if the text
 * of their code, comments included, is the same and it names the same arrays. So a shared method
 * runs, for every layer of its run, the statements that layer's own method would run, on the same
 * arrays: the same bits.
 */
final class PassMethods {
    /**
     * Dex code units a driver method of calls may take: under ART's 600 for a method without a
     * branch (JVM-NOTES.md), as {@link MethodPacker#CALLS_PER_METHOD} keeps the calls without
     * arrays.
     */
    private static final int DRIVER_CODE_UNITS = 450;
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\n]*");
    /** The order of a shared method's array parameters of one layer: parameters, gradients, activations. */
    private static final List<String> KINDS = List.of("w", "b", "p", "dw", "db", "dp", "z", "a", "h", "dz", "dh");

    /**
     * One pass over the layers: what each layer's method is called, holds and takes
     * ({@link LayerPasses} defines the five).
     *
     * @param method the method name before the layer number, such as {@code forward}
     * @param batched true for a batched pass: activation buffers come from the batch tables, by layer
     * @param code the phases of layer l's code, its arrays named by the given names
     * @param parameters the parameters every method of the pass takes for layer l, such as {@code (x, off)}
     * @param javadoc the Javadoc of a method
     */
    record Pass(String method, boolean batched, BiFunction<LayerPlan, LayerNames, List<Phase>> code,
            Function<LayerPlan, List<ParameterSpec>> parameters, Javadoc javadoc) {
    }

    /** The Javadoc of a pass method. */
    interface Javadoc {
        /**
         * What the method computes for {@code layers} ("Layer 5", "Layers 2 .. 999"), layer
         * {@code l} written as {@code names} write it.
         */
        String of(LayerPlan l, String layers, LayerNames names);
    }

    /**
     * A run of alike layers and its shared method.
     *
     * @param first the first layer of the run
     * @param last the last layer
     * @param names the names of the method, relative to its first layer (the same text for every layer of the run)
     * @param code the method's phases
     * @param arrays the names of its array parameters, in order
     */
    private record Run(int first, int last, LayerNames names, List<Phase> code, List<String> arrays) {
    }

    /**
     * One layer's code with relative names, as the runs are found from it.
     *
     * @param names the names, recorded with the fields they stand for in this layer
     * @param code its phases
     * @param arrays the array parameters the code uses
     * @param key its text, comments, statement costs and array parameters included
     */
    private record Relative(LayerNames names, List<Phase> code, List<String> arrays, String key) {
    }

    private final NetworkPlan plan;
    private final Pass pass;
    private final Numeric num;
    /** runs[l]: the run layer l belongs to, or null for a layer with a method of its own. */
    private final Run[] runs;
    /** arguments[l]: the fields layer l passes to its run's method, in its parameters' order (null outside runs). */
    private final List<List<String>> arguments = new ArrayList<>();

    PassMethods(NetworkPlan plan, Numeric num, Pass pass) {
        this.plan = plan;
        this.num = num;
        this.pass = pass;
        this.runs = new Run[plan.depth() + 1];
        for (int k = 0; k <= plan.depth(); k++) {
            arguments.add(null);
        }
        if (!plan.sharedMethods()) {
            return;
        }
        List<Relative> layers = new ArrayList<>();
        layers.add(null);
        for (LayerPlan l : plan.layers()) {
            layers.add(relative(l));
        }
        int first = 1;
        for (int i = 2; i <= plan.depth() + 1; i++) {
            if (i <= plan.depth() && layers.get(i).key().equals(layers.get(first).key())) {
                continue;
            }
            if (i - first >= MethodNames.SHARED_RUN) {
                Relative code = layers.get(first);
                Run run = new Run(first, i - 1, code.names(), code.code(), code.arrays());
                for (int k = first; k < i; k++) {
                    runs[k] = run;
                    List<String> fields = new ArrayList<>();
                    for (String array : run.arrays()) {
                        fields.add(layers.get(k).names().ref(array).field());
                    }
                    arguments.set(k, fields);
                }
            }
            first = i;
        }
    }

    /** Layer {@code l}'s code with names relative to it, and what decides whether it is alike its neighbours. */
    private Relative relative(LayerPlan l) {
        LayerNames names = LayerNames.relativeTo(plan, l);
        List<Phase> code = pass.code().apply(l, names);
        StringBuilder key = new StringBuilder();
        Set<String> identifiers = new HashSet<>();
        for (Phase phase : code) {
            key.append(phase.term()).append(phase.comment()).append('\n');
            for (Phase.Statement s : phase.statements()) {
                String text = s.code().toString();
                key.append(s.cost()).append(':').append(text).append('\n');
                Matcher m = IDENTIFIER.matcher(LINE_COMMENT.matcher(text).replaceAll(""));
                while (m.find()) {
                    identifiers.add(m.group());
                }
            }
        }
        // the arrays its code (not its comments) uses; for a batched pass only the parameters and
        // gradients, since it reads the activation buffers from the batch tables
        List<LayerNames.Ref> used = new ArrayList<>();
        for (LayerNames.Ref ref : names.refs()) {
            if (identifiers.contains(ref.name()) && !(pass.batched() && ref.buffer() != null)) {
                used.add(ref);
            }
        }
        // the layer's own arrays first, then those of the layers below and above, nearest first
        int centre = l.index();
        used.sort(Comparator.comparingInt((LayerNames.Ref ref) -> ref.layer() == centre ? 0
                : ref.layer() < centre ? centre - ref.layer() : plan.depth() + ref.layer() - centre)
                .thenComparingInt(ref -> KINDS.indexOf(ref.kind())));
        List<String> arrays = new ArrayList<>();
        used.forEach(ref -> arrays.add(ref.name()));
        return new Relative(names, code, arrays, key.append('|').append(arrays).toString());
    }

    /** True if layer {@code l} calls a method its run shares. */
    boolean shared(LayerPlan l) {
        return runs[l.index()] != null;
    }

    /** The name of the method that computes layer {@code l}'s pass: {@code forward5}, or {@code forward2To999}. */
    String name(LayerPlan l) {
        Run run = runs[l.index()];
        return run == null ? MethodNames.layer(pass.method(), l.index()) : MethodNames.shared(pass.method(), run.first(), run.last());
    }

    /** The phases of the method that computes layer {@code l}'s pass: its own, or its run's. */
    List<Phase> phases(LayerPlan l) {
        Run run = runs[l.index()];
        return run == null ? pass.code().apply(l, LayerNames.fields(plan)) : run.code();
    }

    /**
     * The methods of the pass, in the order of {@code layers}: each layer's own method, and a run's
     * shared method where its first layer in that order stands; each followed by its part methods.
     */
    List<MethodSpec> methods(List<LayerPlan> layers) {
        List<MethodSpec> methods = new ArrayList<>();
        Set<Integer> written = new TreeSet<>();
        for (LayerPlan l : layers) {
            Run run = runs[l.index()];
            if (run == null) {
                methods.addAll(MethodPacker.pack(name(l), pass.javadoc().of(l, "Layer " + l.index(), LayerNames.fields(plan)),
                        pass.parameters().apply(l), phases(l)));
            } else if (written.add(run.first())) {
                methods.addAll(MethodPacker.pack(name(l), runJavadoc(run), parameters(l, run), run.code()));
            }
        }
        return methods;
    }

    /**
     * The calls of layer methods, one per layer of {@code layers} in order, as {@code driver}'s
     * body (in part methods of {@code partName} where they are many, which go to {@code parts});
     * {@code arguments} gives the pass's own arguments of a layer, such as {@code "x, off"}.
     */
    CodeBlock driver(String partName, List<ParameterSpec> driverParameters, List<LayerPlan> layers,
            Function<LayerPlan, String> arguments, List<MethodSpec> parts) {
        List<CodeBlock> calls = new ArrayList<>();
        for (LayerPlan l : layers) {
            calls.add(CodeBlock.builder().addStatement("$L", call(l, arguments.apply(l))).build());
        }
        return MethodPacker.sequence(partName, driverParameters, calls, callsPerMethod(), parts);
    }

    /** The call of layer {@code l}'s method, {@code own} its pass's own arguments: {@code forward2To999(w5, b5, ..)}. */
    String call(LayerPlan l, String own) {
        Run run = runs[l.index()];
        if (run == null) {
            return name(l) + "(" + own + ")";
        }
        List<String> arguments = new ArrayList<>();
        if (!own.isEmpty()) {
            arguments.add(own);
        }
        if (pass.batched()) {
            arguments.add(Integer.toString(l.index()));
        }
        arguments.addAll(this.arguments.get(l.index()));
        return name(l) + "(" + String.join(", ", arguments) + ")";
    }

    /**
     * Calls of this pass's layer methods per method of a driver: {@link MethodPacker#CALLS_PER_METHOD},
     * or fewer where calls pass a run's arrays (each a field read; an invoke is 3 dex code units,
     * each field read into a register 2 more, the layer number of a batched call about 2).
     */
    int callsPerMethod() {
        int widest = 0;
        for (Run run : runs) {
            widest = Math.max(widest, run == null ? 0 : run.arrays().size() + 1);
        }
        return widest == 0 ? MethodPacker.CALLS_PER_METHOD
                : Math.min(MethodPacker.CALLS_PER_METHOD, DRIVER_CODE_UNITS / (3 + 2 * widest));
    }

    private List<ParameterSpec> parameters(LayerPlan l, Run run) {
        List<ParameterSpec> parameters = new ArrayList<>(pass.parameters().apply(l));
        if (pass.batched()) {
            parameters.add(ParameterSpec.builder(int.class, LayerNames.LAYER).build());
        }
        for (String array : run.arrays()) {
            LayerNames.Ref ref = run.names().ref(array);
            parameters.add(ParameterSpec.builder(ref.matrix() ? num.matrix() : num.array(), array).build());
        }
        return parameters;
    }

    private String runJavadoc(Run run) {
        LayerNames names = run.names();
        StringBuilder doc = new StringBuilder(pass.javadoc().of(plan.layer(run.first()),
                String.format("Layers %d .. %d", run.first(), run.last()), names));
        doc.append("\n<p>The run's alike layers share this method; the call for layer l passes");
        List<String> arrays = new ArrayList<>();
        if (pass.batched()) {
            arrays.add("{@code " + LayerNames.LAYER + "} = l (its row of the batch buffers)");
        }
        for (String array : run.arrays()) {
            LayerNames.Ref ref = names.ref(array);
            arrays.add("{@code " + array + "} = " + math(ref.kind()) + names.sub(ref.layer()));
        }
        doc.append(arrays.size() > 1 ? ":\n" : " ").append(String.join(",\n", arrays)).append(".\n");
        return doc.toString();
    }

    private static String math(String kind) {
        switch (kind) {
            case "w":
            case "p":
                return kind.toUpperCase(Locale.ROOT);
            case "dw":
            case "dp":
                return "dL/d" + kind.substring(1).toUpperCase(Locale.ROOT);
            case "db":
            case "dz":
            case "dh":
                return "dL/d" + kind.substring(1);
            default:
                return kind;
        }
    }

}
