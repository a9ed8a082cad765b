package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.spec.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Straight-line scalar code, one term per multiply-add: what a learner reads. Every sum is
 * evaluated in the order of {@link LoopCode}'s loops, so both shapes compute the same bits;
 * sums longer than {@link Limits#UNROLLED_TERMS_PER_METHOD} terms are continued in further
 * statements.
 */
final class UnrolledCode extends ExampleCode {
    /** Scratch field for the four partial sums of a long unrolled dot product. */
    static final String PARTIAL = "partial";

    UnrolledCode(Numeric num) {
        super(num);
    }

    @Override
    List<Phase.Statement> affine(String out, String init, String m, Operand in, int rows, int cols) {
        List<Phase.Statement> statements = new ArrayList<>();
        for (int i = 0; i < cols; i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < rows; j++) {
                terms.add(m + "[" + j + "][" + i + "] * " + in.at(Integer.toString(j)));
            }
            String element = out + "[" + i + "]";
            statements.addAll(sum(element, init == null ? element : init + "[" + i + "]", terms));
        }
        return statements;
    }

    @Override
    List<Phase.Statement> outerProduct(String grad, Operand in, String delta, int rows, int cols) {
        return elementUpdates(rows, cols, (j, i) -> CodeBlock.of("$L[$L][$L] += $L * $L[$L]",
                grad, j, i, in.at(Integer.toString(j)), delta, i));
    }

    @Override
    List<Phase.Statement> descend(String m, Operand in, String delta, int rows, int cols) {
        return elementUpdates(rows, cols, (j, i) -> CodeBlock.of("$L[$L][$L] -= $L * ($L * $L[$L])",
                m, j, i, RATE, in.at(Integer.toString(j)), delta, i));
    }

    /** One statement per element (j, i) of a rows × cols matrix, row by row. */
    private static List<Phase.Statement> elementUpdates(int rows, int cols, BiFunction<Integer, Integer, CodeBlock> update) {
        List<Phase.Statement> statements = new ArrayList<>();
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < cols; i++) {
                statements.add(new Phase.Statement(CodeBlock.builder().addStatement(update.apply(j, i)).build(), 1));
            }
        }
        return statements;
    }

    @Override
    List<Phase.Statement> dotRows(String target, boolean accumulate, String m, String v, int rows, int cols) {
        List<Phase.Statement> statements = new ArrayList<>();
        for (int j = 0; j < rows; j++) {
            String element = target + "[" + j + "]";
            if (cols < Limits.SPLIT_DOT_PRODUCT) {
                List<String> terms = products(m, v, j, 0, 1, cols);
                if (accumulate) {
                    // the loops add the finished sum: target + (t0 + t1 + ...)
                    statements.add(new Phase.Statement(CodeBlock.builder().addStatement("$L = $L + ($L)",
                            element, element, join(terms)).build(), terms.size()));
                } else {
                    statements.addAll(sum(element, null, terms));
                }
                continue;
            }
            // the loops' order: four partial sums over i = r, r + 4, ..., the remainder terms on
            // partial sums 0, 1, 2, then (s0 + s1) + (s2 + s3)
            int blocked = cols - cols % 4;
            for (int r = 0; r < 4; r++) {
                List<String> terms = products(m, v, j, r, 4, blocked);
                if (blocked + r < cols) {
                    terms.add(m + "[" + j + "][" + (blocked + r) + "] * " + v + "[" + (blocked + r) + "]");
                }
                statements.addAll(sum(PARTIAL + "[" + r + "]", null, terms));
            }
            CodeBlock total = CodeBlock.of("($L[0] + $L[1]) + ($L[2] + $L[3])", PARTIAL, PARTIAL, PARTIAL, PARTIAL);
            statements.add(new Phase.Statement(accumulate
                    ? CodeBlock.builder().addStatement("$L = $L + ($L)", element, element, total).build()
                    : CodeBlock.builder().addStatement("$L = $L", element, total).build(), 1));
        }
        return statements;
    }

    @Override
    List<Phase.Statement> elementwise(int n, Function<String, CodeBlock> statement) {
        List<Phase.Statement> statements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statements.add(new Phase.Statement(statement.apply(Integer.toString(i)), 1));
        }
        return statements;
    }

    /** Terms {@code m[j][i] * v[i]} for i = from, from + step, ... below {@code end}. */
    private static List<String> products(String m, String v, int j, int from, int step, int end) {
        List<String> terms = new ArrayList<>();
        for (int i = from; i < end; i += step) {
            terms.add(m + "[" + j + "][" + i + "] * " + v + "[" + i + "]");
        }
        return terms;
    }

    /**
     * {@code target = first + terms[0] + terms[1] + ...}, evaluated left to right, as statements
     * of at most {@link Limits#UNROLLED_TERMS_PER_METHOD} terms each; {@code first} may be null.
     */
    private static List<Phase.Statement> sum(String target, String first, List<String> terms) {
        List<Phase.Statement> statements = new ArrayList<>();
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
            statements.add(new Phase.Statement(CodeBlock.builder()
                    .addStatement("$L = $L", target, join(parts)).build(), slice.size()));
        }
        return statements;
    }

    /** {@code a + b + ...}, with line breaks where JavaPoet needs them. */
    private static CodeBlock join(List<String> parts) {
        CodeBlock.Builder expression = CodeBlock.builder().add("$L", parts.get(0));
        for (String part : parts.subList(1, parts.size())) {
            expression.add(" +$W$L", part);
        }
        return expression.build();
    }
}
