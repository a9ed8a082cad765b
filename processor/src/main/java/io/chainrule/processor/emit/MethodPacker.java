package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import io.chainrule.processor.spec.Limits;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Turns a layer's phases into methods. A layer whose unrolled statements fit in one method stays
 * one method; otherwise each phase is cut into part methods of at most
 * {@link Limits#UNROLLED_TERMS_PER_METHOD} multiply-adds, which the layer method calls in order.
 * Small methods stay under every JIT limit of HotSpot and ART (JVM-NOTES.md).
 */
final class MethodPacker {
    private MethodPacker() {
    }

    /** The layer method {@code name} first, then its part methods, if any. */
    static List<MethodSpec> pack(String name, String javadoc, List<ParameterSpec> parameters, List<Phase> phases) {
        int total = 0;
        for (Phase phase : phases) {
            total += phase.cost();
        }
        MethodSpec.Builder main = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L", javadoc).addParameters(parameters);
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(null);
        if (total <= Limits.UNROLLED_TERMS_PER_METHOD) {
            for (Phase phase : phases) {
                main.addCode(phase.commentBlock(""));
                for (Phase.Statement s : phase.statements()) {
                    main.addCode(s.code());
                }
            }
        } else {
            String arguments = arguments(parameters);
            List<CodeBlock> calls = new ArrayList<>();
            List<MethodSpec> parts = new ArrayList<>();
            int part = 0;
            for (Phase phase : phases) {
                CodeBlock.Builder call = CodeBlock.builder().add(phase.commentBlock(""));
                for (List<Phase.Statement> chunk : chunks(phase.statements())) {
                    String partName = name + "Part" + part++;
                    calls.add(call.addStatement("$L($L)", partName, arguments).build());
                    call = CodeBlock.builder();
                    MethodSpec.Builder m = MethodSpec.methodBuilder(partName).addModifiers(Modifier.PRIVATE)
                            .addParameters(parameters).addCode(phase.commentBlock(" (part)"));
                    for (Phase.Statement s : chunk) {
                        m.addCode(s.code());
                    }
                    parts.add(m.build());
                }
            }
            // a huge layer calls its parts through methods of CALLS_PER_METHOD calls each, so
            // that no method passes HotSpot's 8,000-byte limit for compiling
            main.addCode(sequence(name + "Calls", parameters, calls, CALLS_PER_METHOD, methods));
            methods.addAll(parts);
        }
        methods.set(0, main.build());
        return methods;
    }

    /**
     * Calls per method of a method that only calls others in order (a deep network's layer
     * drivers, a huge layer's part calls). Such a method has no branch, so it must stay within
     * ART's 600 dex code units for branch-free methods (JVM-NOTES.md): a call with its arguments is
     * 3 code units in dex, so 150 calls are about 450 units; in bytecode they are at most 7 bytes
     * each, far under HotSpot's 8,000-byte limit.
     */
    static final int CALLS_PER_METHOD = 150;

    /**
     * A long list of statements that must run in order, such as one line per layer of a deep
     * network: the statements themselves if there are at most {@code perMethod}, else calls to
     * private part methods {@code partName0, partName1, ...} of at most {@code perMethod} each,
     * which are added to {@code parts}.
     */
    static CodeBlock sequence(String partName, List<ParameterSpec> parameters, List<CodeBlock> statements,
            int perMethod, List<MethodSpec> parts) {
        CodeBlock.Builder body = CodeBlock.builder();
        if (statements.size() <= perMethod) {
            statements.forEach(body::add);
            return body.build();
        }
        String arguments = arguments(parameters);
        for (int start = 0, part = 0; start < statements.size(); start += perMethod, part++) {
            MethodSpec.Builder m = MethodSpec.methodBuilder(partName + part).addModifiers(Modifier.PRIVATE)
                    .addParameters(parameters);
            statements.subList(start, Math.min(statements.size(), start + perMethod)).forEach(m::addCode);
            parts.add(m.build());
            body.addStatement("$L($L)", partName + part, arguments);
        }
        return body.build();
    }

    private static List<List<Phase.Statement>> chunks(List<Phase.Statement> statements) {
        List<List<Phase.Statement>> chunks = new ArrayList<>();
        List<Phase.Statement> current = new ArrayList<>();
        int cost = 0;
        for (Phase.Statement s : statements) {
            if (!current.isEmpty() && cost + s.cost() > Limits.UNROLLED_TERMS_PER_METHOD) {
                chunks.add(current);
                current = new ArrayList<>();
                cost = 0;
            }
            current.add(s);
            cost += s.cost();
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private static String arguments(List<ParameterSpec> parameters) {
        List<String> names = new ArrayList<>();
        for (ParameterSpec p : parameters) {
            names.add(p.name());
        }
        return String.join(", ", names);
    }
}
