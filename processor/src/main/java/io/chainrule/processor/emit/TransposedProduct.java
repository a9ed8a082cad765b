package io.chainrule.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.spec.Limits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The batched gradient passed down through a large weight matrix, {@code dL/dh[e][j] = Σ_i
 * W[j][i] * dL/dz[e][i]}, with the matrix transposed once per batch: each of an example's four
 * partial sums (the terms {@code i = r, r + 4, ..} of {@link LoopCode#dotProduct}, in that
 * order) then runs over every j at once, an "add a scaled row" loop that C2 vectorises, where a
 * dot product per j cannot be (JVM-NOTES.md). Every element gets the same terms added in the same
 * order as in the per-example code, so the bits are the same.
 *
 * <p>Measured at 32 × 784 × 128 float (ProductKernelsBenchmark): about 4 times the speed of one
 * dot product per j and example, the transposition (a pass over W) included. The transposition
 * costs as much as three or four examples' dot products, so batches of fewer than {@link #MIN_BATCH}
 * examples take the dot products; so do matrices below {@link NetworkPlan#TRANSPOSE_MIN_MACS}
 * multiply-adds, whose transposed copy would cost memory for little time
 * ({@link NetworkPlan#transposesWeights}). The copies count in {@code FOOTPRINT_BYTES}.
 */
final class TransposedProduct {
    /** Examples from which the batch takes the transposed path (a run-time test of n). */
    static final int MIN_BATCH = 8;
    static final String TRANSPOSED = "transposedW";
    static final String SUMS = "partialSums";
    /** Partial sums of {@link LoopCode#dotProduct} above {@link Limits#SPLIT_DOT_PRODUCT} terms. */
    private static final int SUM_COUNT = 4;
    /** Terms of a partial sum per statement: one load and store of the sum per four multiply-adds. */
    private static final int TERMS = 4;

    private final Numeric num;
    private final int depth;
    /** The layers that have a transposed copy, by index. */
    private final Map<Integer, LayerPlan> layers = new LinkedHashMap<>();

    TransposedProduct(Numeric num, NetworkPlan plan) {
        this.num = num;
        this.depth = plan.depth();
        for (LayerPlan l : plan.layers()) {
            if (plan.transposesWeights(l)) {
                layers.put(l.index(), l);
            }
        }
    }

    /** True if the gradient passed down through the weights of layer {@code layer} takes this path. */
    boolean covers(int layer) {
        return layers.containsKey(layer);
    }

    /** The transposed copies, {@code transposedW[l]}, and the partial sums, if any layer has a copy. */
    List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>();
        if (layers.isEmpty()) {
            return fields;
        }
        int rows = layers.values().stream().mapToInt(LayerPlan::inputs).max().orElseThrow();
        fields.add(FieldSpec.builder(ArrayTypeName.of(num.matrix()), TRANSPOSED, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L[l][i][j] = W_l[j][i], copied at each batch of at least $L examples (null where\n"
                        + "layer l has no copy): dL/dh of the layer below is then summed in loops over j.\n",
                        TRANSPOSED, MIN_BATCH)
                .initializer("new $T[$L][][]", num.type(), depth + 1).build());
        fields.add(FieldSpec.builder(num.matrix(), SUMS, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The four partial sums of one example's dL/dh[j], for every j, on the transposed path.\n")
                .initializer("new $T[$L][$L]", num.type(), SUM_COUNT, rows).build());
        return fields;
    }

    /** The constructor's allocation of layer {@code l}'s transposed copy, if it has one. */
    CodeBlock allocation(LayerPlan l) {
        if (!covers(l.index())) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder()
                .addStatement("$L[$L] = new $T[$L][$L]", TRANSPOSED, l.index(), num.type(), l.units(), l.inputs())
                .build();
    }

    /**
     * {@code target[e] = W · v[e]} for every example through the transposed copy of {@code m}, a
     * {@code rows × cols} matrix, the weights of layer {@code layer} as {@code names} name them;
     * {@code target} and {@code v} are the batch buffers.
     */
    CodeBlock code(String m, int layer, LayerNames names, String target, String v, String vName, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder()
                .add("// t[i][j] = W$L[j][i], copied for the batch, so that each partial sum runs over every j at once\n",
                        names.sub(layer))
                .addStatement("$T t = $L[$L]", num.matrix(), TRANSPOSED, names.index(layer))
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("$T row = $L[j]", num.array(), m)
                .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                .addStatement("t[i][j] = row[i]")
                .endControlFlow()
                .endControlFlow()
                .beginControlFlow("for (int e = 0; e < $L; e++)", BatchCode.COUNT)
                .addStatement("$T $L = $L[e]", num.array(), vName, v)
                .beginControlFlow("for (int r = 0; r < $L; r++)", SUM_COUNT)
                .add("// s[j] = Σ over i = r, r + $L, .. of t[i][j] * $L[i], $L terms per statement\n",
                        SUM_COUNT, vName, TERMS)
                .addStatement("$T s = $L[r]", num.array(), SUMS)
                .addStatement("$T.fill(s, 0, $L, $L)", Arrays.class, rows, num.literal("0"))
                .addStatement("int i = r")
                .beginControlFlow("for (; i + $L < $L; i += $L)", SUM_COUNT * (TERMS - 1), cols, SUM_COUNT * TERMS);
        StringBuilder terms = new StringBuilder();
        for (int k = 0; k < TERMS; k++) {
            b.addStatement("$T t$L = t[$L]", num.array(), k, plus("i", SUM_COUNT * k));
            terms.append(" + t").append(k).append("[j] * a").append(k);
        }
        for (int k = 0; k < TERMS; k++) {
            b.addStatement("$T a$L = $L[$L]", num.type(), k, vName, plus("i", SUM_COUNT * k));
        }
        b.beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("s[j] = s[j]$L", terms)
                .endControlFlow()
                .endControlFlow()
                .beginControlFlow("for (; i < $L; i += $L)", cols, SUM_COUNT)
                .addStatement("$T t0 = t[i]", num.array())
                .addStatement("$T a0 = $L[i]", num.type(), vName)
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("s[j] += t0[j] * a0")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
        for (int r = 0; r < SUM_COUNT; r++) {
            b.addStatement("$T s$L = $L[$L]", num.array(), r, SUMS, r);
        }
        return b.addStatement("$T out = $L[e]", num.array(), target)
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("out[j] = (s0[j] + s1[j]) + (s2[j] + s3[j])")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    private static String plus(String index, int k) {
        return k == 0 ? index : index + " + " + k;
    }
}
