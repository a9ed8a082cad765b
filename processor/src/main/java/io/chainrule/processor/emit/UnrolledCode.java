package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.spec.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Straight-line scalar code, one term per multiply-add: what a learner reads. Every sum is
 * evaluated in the order of {@link LoopCode}'s loops, so both shapes compute the same bits;
 * sums longer than {@link Limits#UNROLLED_TERMS_PER_METHOD} terms are continued in further
 * statements.
 */
final class UnrolledCode extends LayerCode {
    /** Scratch field for the four partial sums of a long unrolled dot product. */
    static final String PARTIAL = "partial";

    UnrolledCode(Numeric num) {
        super(num);
    }

    @Override
    List<Phase.Statement> affine(LayerPlan l, LayerPlan previous) {
        List<Phase.Statement> out = new ArrayList<>();
        for (int i = 0; i < l.units(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < l.inputs(); j++) {
                terms.add(Names.w(l) + "[" + j + "][" + i + "] * " + Names.input(l, previous, Integer.toString(j)));
            }
            out.addAll(sum(Names.z(l) + "[" + i + "]", Names.b(l) + "[" + i + "]", terms));
        }
        return out;
    }

    @Override
    List<Phase.Statement> activation(LayerPlan l) {
        List<Phase.Statement> out = new ArrayList<>();
        for (int i = 0; i < l.units(); i++) {
            out.add(new Phase.Statement(CodeBlock.builder().addStatement("$L[$L] = $L", Names.h(l), i,
                    activations.apply(l.activation(), Names.z(l) + "[" + i + "]")).build(), 1));
        }
        return out;
    }

    @Override
    List<Phase.Statement> derivative(LayerPlan l) {
        List<Phase.Statement> out = new ArrayList<>();
        for (int i = 0; i < l.units(); i++) {
            String at = "[" + i + "]";
            out.add(new Phase.Statement(CodeBlock.builder().addStatement("$L$L = $L", Names.dz(l), at,
                    activations.derivative(l.activation(), Names.dh(l) + at, Names.z(l) + at, Names.h(l) + at))
                    .build(), 1));
        }
        return out;
    }

    @Override
    List<Phase.Statement> weightGradient(LayerPlan l, LayerPlan previous) {
        List<Phase.Statement> out = new ArrayList<>();
        for (int j = 0; j < l.inputs(); j++) {
            String input = Names.input(l, previous, Integer.toString(j));
            for (int i = 0; i < l.units(); i++) {
                out.add(new Phase.Statement(CodeBlock.builder().addStatement("$L[$L][$L] += $L * $L[$L]",
                        Names.dw(l), j, i, input, Names.dz(l), i).build(), 1));
            }
        }
        return out;
    }

    @Override
    List<Phase.Statement> biasGradient(LayerPlan l) {
        List<Phase.Statement> out = new ArrayList<>();
        for (int i = 0; i < l.units(); i++) {
            out.add(new Phase.Statement(CodeBlock.builder()
                    .addStatement("$L[$L] += $L[$L]", Names.db(l), i, Names.dz(l), i).build(), 1));
        }
        return out;
    }

    @Override
    List<Phase.Statement> inputGradient(LayerPlan l, String target) {
        List<Phase.Statement> out = new ArrayList<>();
        int m = l.units();
        for (int j = 0; j < l.inputs(); j++) {
            String element = target + "[" + j + "]";
            if (m < Limits.SPLIT_DOT_PRODUCT) {
                out.addAll(sum(element, null, products(l, j, 0, 1, m)));
                continue;
            }
            // the loops' summation order: four partial sums over i = r, r + 4, ..., then the
            // remainder terms on partial sums 0, 1, 2, then (s0 + s1) + (s2 + s3)
            int blocked = m - m % 4;
            for (int r = 0; r < 4; r++) {
                List<String> terms = products(l, j, r, 4, blocked);
                if (blocked + r < m) {
                    terms.add(product(l, j, blocked + r));
                }
                out.addAll(sum(PARTIAL + "[" + r + "]", null, terms));
            }
            out.add(new Phase.Statement(CodeBlock.builder().addStatement("$L = ($L[0] + $L[1]) + ($L[2] + $L[3])",
                    element, PARTIAL, PARTIAL, PARTIAL, PARTIAL).build(), 1));
        }
        return out;
    }

    /** Terms {@code W[j][i] * dz[i]} for i = from, from + step, ... below {@code end}. */
    private static List<String> products(LayerPlan l, int j, int from, int step, int end) {
        List<String> terms = new ArrayList<>();
        for (int i = from; i < end; i += step) {
            terms.add(product(l, j, i));
        }
        return terms;
    }

    private static String product(LayerPlan l, int j, int i) {
        return Names.w(l) + "[" + j + "][" + i + "] * " + Names.dz(l) + "[" + i + "]";
    }

    /**
     * {@code target = first + terms[0] + terms[1] + ...}, evaluated left to right, as statements
     * of at most {@link Limits#UNROLLED_TERMS_PER_METHOD} terms each; {@code first} may be null.
     */
    private static List<Phase.Statement> sum(String target, String first, List<String> terms) {
        List<Phase.Statement> out = new ArrayList<>();
        int chunk = Limits.UNROLLED_TERMS_PER_METHOD;
        for (int start = 0; start < terms.size(); start += chunk) {
            List<String> parts = new ArrayList<>();
            if (start > 0) {
                parts.add(target);
            } else if (first != null) {
                parts.add(first);
            }
            List<String> slice = terms.subList(start, Math.min(terms.size(), start + chunk));
            parts.addAll(slice);
            CodeBlock.Builder expression = CodeBlock.builder().add("$L", parts.get(0));
            for (String part : parts.subList(1, parts.size())) {
                expression.add(" +$W$L", part);
            }
            out.add(new Phase.Statement(CodeBlock.builder()
                    .addStatement("$L = $L", target, expression.build()).build(), slice.size()));
        }
        return out;
    }
}
