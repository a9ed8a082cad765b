package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.spec.Limits;
import java.util.List;
import java.util.function.Function;

/**
 * Constant-bound loops in the form HotSpot's C2 vectorises (JVM-NOTES.md): the forward pass and
 * the weight gradient add a scaled weight row, with the loads and the store at the same index;
 * dot products keep four independent partial sums.
 */
final class LoopCode extends ExampleCode {

    LoopCode(Numeric num) {
        super(num);
    }

    static List<Phase.Statement> loop(CodeBlock code) {
        return List.of(new Phase.Statement(code, 0));
    }

    @Override
    List<Phase.Statement> affine(String out, String init, String m, Operand in, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder();
        if (init != null) {
            b.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, init, out, cols);
        }
        CodeBlock loops = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("$T $L = $L", num.type(), in.local(), in.at("j"))
                .addStatement("$T row = $L[j]", num.array(), m)
                .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                .addStatement("$L[i] += row[i] * $L", out, in.local())
                .endControlFlow()
                .endControlFlow()
                .build();
        return loop(b.add(ProductsCall.orLoops(num, "affine", m + ", " + in.arguments() + ", " + out, rows, cols,
                loops)).build());
    }

    @Override
    List<Phase.Statement> outerProduct(String grad, Operand in, String delta, int rows, int cols) {
        return rowUpdates("outerProduct", grad, "grad", in, delta, rows, cols,
                CodeBlock.of("grad[i] += $L * $L[i]", in.local(), delta));
    }

    @Override
    List<Phase.Statement> descend(String m, Operand in, String delta, int rows, int cols) {
        return rowUpdates("descend", m, "row", in, delta + ", " + RATE, rows, cols,
                CodeBlock.of("row[i] -= $L * ($L * $L[i])", RATE, in.local(), delta));
    }

    /**
     * For each row j: {@code in[j]} and row {@code target[j]} in locals, then {@code update} for
     * every i; or, for a large product, {@code Products}' {@code method} of the same arithmetic,
     * called with {@code target}, the input and {@code vectors} (dL/dz, and the rate of a step).
     */
    private List<Phase.Statement> rowUpdates(String method, String target, String row, Operand in, String vectors,
            int rows, int cols, CodeBlock update) {
        CodeBlock loops = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("$T $L = $L", num.type(), in.local(), in.at("j"))
                .addStatement("$T $L = $L[j]", num.array(), row, target)
                .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                .addStatement(update)
                .endControlFlow()
                .endControlFlow()
                .build();
        String arguments = target + ", " + in.arguments() + ", " + vectors;
        return loop(ProductsCall.orLoops(num, method, arguments, rows, cols, loops));
    }

    @Override
    List<Phase.Statement> dotRows(String target, boolean accumulate, String m, String v, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("$T row = $L[j]", num.array(), m);
        dotProduct(num, b, target + "[j]", accumulate, v, cols);
        return loop(b.endControlFlow().build());
    }

    /**
     * {@code element = Σ_i row[i] * v[i]} (or {@code +=}) for a local {@code row}: one sum below
     * {@link Limits#SPLIT_DOT_PRODUCT} terms, else four partial sums over {@code i = r, r + 4, ..}
     * added as {@code (s0 + s1) + (s2 + s3)}. Every shape that sums a dot product uses this order.
     */
    static void dotProduct(Numeric num, CodeBlock.Builder b, String element, boolean accumulate, String v, int cols) {
        String assign = accumulate ? "+=" : "=";
        String zero = num.literal("0");
        if (cols < Limits.SPLIT_DOT_PRODUCT) {
            b.addStatement("$T sum = $L", num.type(), zero)
                    .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                    .addStatement("sum += row[i] * $L[i]", v)
                    .endControlFlow()
                    .addStatement("$L $L sum", element, assign);
        } else {
            int blocked = cols - cols % 4;
            b.add("// four independent sums: a single chain would wait on each addition\n")
                    .addStatement("$T s0 = $L", num.type(), zero)
                    .addStatement("$T s1 = $L", num.type(), zero)
                    .addStatement("$T s2 = $L", num.type(), zero)
                    .addStatement("$T s3 = $L", num.type(), zero)
                    .beginControlFlow("for (int i = 0; i < $L; i += 4)", blocked)
                    .addStatement("s0 += row[i] * $L[i]", v)
                    .addStatement("s1 += row[i + 1] * $L[i + 1]", v)
                    .addStatement("s2 += row[i + 2] * $L[i + 2]", v)
                    .addStatement("s3 += row[i + 3] * $L[i + 3]", v)
                    .endControlFlow();
            for (int i = blocked; i < cols; i++) {
                b.addStatement("s$L += row[$L] * $L[$L]", i - blocked, i, v, i);
            }
            b.addStatement("$L $L (s0 + s1) + (s2 + s3)", element, assign);
        }
    }

    @Override
    List<Phase.Statement> elementwise(int n, Function<String, CodeBlock> statement) {
        return loop(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", n)
                .add(statement.apply("i"))
                .endControlFlow()
                .build());
    }
}
