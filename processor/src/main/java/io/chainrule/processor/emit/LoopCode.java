package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.spec.Limits;
import java.util.List;

/**
 * Constant-bound loops in the form HotSpot's C2 vectorises (JVM-NOTES.md): the forward pass and
 * the weight gradient add a scaled weight row, with the loads and the store at the same index;
 * the input gradient is a dot product per row, with four independent accumulators.
 */
final class LoopCode extends LayerCode {
    LoopCode(Numeric num) {
        super(num);
    }

    private static List<Phase.Statement> loop(CodeBlock code) {
        return List.of(new Phase.Statement(code, 0));
    }

    @Override
    List<Phase.Statement> affine(LayerPlan l, LayerPlan previous) {
        String z = Names.z(l);
        String v = l.index() == 1 ? "xj" : Names.h(previous) + "j";
        return loop(CodeBlock.builder()
                .addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, Names.b(l), z, l.units())
                .beginControlFlow("for (int j = 0; j < $L; j++)", l.inputs())
                .addStatement("$T $L = $L", num.type(), v, Names.input(l, previous, "j"))
                .addStatement("$T row = $L[j]", num.array(), Names.w(l))
                .beginControlFlow("for (int i = 0; i < $L; i++)", l.units())
                .addStatement("$L[i] += row[i] * $L", z, v)
                .endControlFlow()
                .endControlFlow()
                .build());
    }

    @Override
    List<Phase.Statement> activation(LayerPlan l) {
        return loop(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", l.units())
                .addStatement("$L[i] = $L", Names.h(l), activations.apply(l.activation(), Names.z(l) + "[i]"))
                .endControlFlow()
                .build());
    }

    @Override
    List<Phase.Statement> derivative(LayerPlan l) {
        return loop(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", l.units())
                .addStatement("$L[i] = $L", Names.dz(l), activations.derivative(l.activation(),
                        Names.dh(l) + "[i]", Names.z(l) + "[i]", Names.h(l) + "[i]"))
                .endControlFlow()
                .build());
    }

    @Override
    List<Phase.Statement> weightGradient(LayerPlan l, LayerPlan previous) {
        String v = l.index() == 1 ? "xj" : Names.h(previous) + "j";
        return loop(CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", l.inputs())
                .addStatement("$T $L = $L", num.type(), v, Names.input(l, previous, "j"))
                .addStatement("$T grad = $L[j]", num.array(), Names.dw(l))
                .beginControlFlow("for (int i = 0; i < $L; i++)", l.units())
                .addStatement("grad[i] += $L * $L[i]", v, Names.dz(l))
                .endControlFlow()
                .endControlFlow()
                .build());
    }

    @Override
    List<Phase.Statement> biasGradient(LayerPlan l) {
        return loop(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", l.units())
                .addStatement("$L[i] += $L[i]", Names.db(l), Names.dz(l))
                .endControlFlow()
                .build());
    }

    @Override
    List<Phase.Statement> inputGradient(LayerPlan l, String target) {
        return loop(dotRows(l, target));
    }

    /** {@code target[j] = Σ_i w[j][i] * dz[i]} for every row j, as loops. */
    CodeBlock dotRows(LayerPlan l, String target) {
        String dz = Names.dz(l);
        int m = l.units();
        String zero = num.literal("0");
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", l.inputs())
                .addStatement("$T row = $L[j]", num.array(), Names.w(l));
        if (m < Limits.SPLIT_DOT_PRODUCT) {
            b.addStatement("$T sum = $L", num.type(), zero)
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("sum += row[i] * $L[i]", dz)
                    .endControlFlow()
                    .addStatement("$L[j] = sum", target);
        } else {
            int blocked = m - m % 4;
            b.add("// four independent sums: a single chain would wait on each addition\n")
                    .addStatement("$T s0 = $L", num.type(), zero)
                    .addStatement("$T s1 = $L", num.type(), zero)
                    .addStatement("$T s2 = $L", num.type(), zero)
                    .addStatement("$T s3 = $L", num.type(), zero)
                    .beginControlFlow("for (int i = 0; i < $L; i += 4)", blocked)
                    .addStatement("s0 += row[i] * $L[i]", dz)
                    .addStatement("s1 += row[i + 1] * $L[i + 1]", dz)
                    .addStatement("s2 += row[i + 2] * $L[i + 2]", dz)
                    .addStatement("s3 += row[i + 3] * $L[i + 3]", dz)
                    .endControlFlow();
            for (int i = blocked; i < m; i++) {
                b.addStatement("s$L += row[$L] * $L[$L]", i - blocked, i, dz, i);
            }
            b.addStatement("$L[j] = (s0 + s1) + (s2 + s3)", target);
        }
        return b.endControlFlow().build();
    }
}
