package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.spec.Limits;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layers' phases over a batch of {@code n} examples, as matrix-matrix loops: the same
 * phases and chain-rule comments as {@link LoopCode}, with every per-example buffer replaced by
 * its batch buffer (row {@code e} holds example {@code e}), and the loops ordered so that each
 * weight row is read once for the whole batch while it is in the cache.
 *
 * <p>Every element is computed by the same operations in the same order as in the per-example
 * code, so a batch gives the bits of its examples run one by one: the forward sums still run
 * over the rows {@code j} in order ({@link #BLOCK} rows per statement, evaluated left to right,
 * so one load and store of {@code z} serves four multiply-adds), the gradients of the weights
 * still add the examples in order ({@link #BLOCK} per statement), and the dot products are the
 * per-example ones, {@link #BLOCK} examples per pass over a row (or {@link TransposedProduct}).
 * Blocks of 8 measured no faster than 4 on P2 and P3 (within the noise).
 *
 * <p>Issue 17 measured register blocking of the forward product and the weight gradient (several
 * examples, or rows, per pass of the inner loop, so each loaded weight serves more of them): with
 * three or four stores per iteration C2 does not vectorise the loop at all (the body exceeds its
 * unrolling budget, {@code LoopUnrollLimit}), 4 times slower; with two it vectorised but was
 * slower than one (ProductKernelsBenchmark). So those keep one store per iteration, and the
 * register blocking lives in {@code chainrule-vector} instead: the forward product and the weight
 * gradient of a large enough layer call the runtime's {@code Products} where it has them (the
 * Vector API on JDK 17 and later), with these loops beside the call for every other JVM; both
 * compute the same bits ({@link ProductsCall}).
 */
final class BatchCode extends LayerCode {
    /** Name of the local and parameter holding the number of examples of the batch. */
    static final String COUNT = "n";
    /** Field holding the offset of each example's features in {@code x}. */
    static final String OFFSETS = "offsets";
    /** Rows (forward) or examples (weight gradient) handled by one statement of the blocked loops. */
    private static final int BLOCK = 4;
    private static final Pattern NAME = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");

    private final TransposedProduct transposed;
    /** The names of the arrays of the method being written, whose per-example buffers map to batch buffers. */
    private final LayerNames names;

    /** The batched code of the layer methods that name their arrays by {@code names}. */
    BatchCode(Numeric num, TransposedProduct transposed, LayerNames names) {
        super(num);
        this.transposed = transposed;
        this.names = names;
    }

    /** The batch buffer of the per-example buffer {@code name}: {@code batchZ[1]} for {@code z1}. */
    String batch(String name) {
        return names.batch(name);
    }

    @Override
    List<Phase.Statement> affine(String out, String init, String m, Operand in, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder();
        if (init != null) {
            b.beginControlFlow("for (int e = 0; e < $L; e++)", COUNT)
                    .addStatement("$T.arraycopy($L, 0, $L[e], 0, $L)", System.class, init, batch(out), cols)
                    .endControlFlow();
        }
        return LoopCode.loop(b.add(orProducts("affine", m, in, batch(out), rows, cols, affineLoops(out, m, in, rows, cols)))
                .build());
    }

    /** The loops of {@link #affine}, after z has its initial value: {@code out[i] += Σ_j m[j][i] * in[j]}. */
    private CodeBlock affineLoops(String out, String m, Operand in, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder();
        int blocked = rows - rows % BLOCK;
        if (blocked > 0) {
            b.add("// $L rows per pass over the batch, added in the order of j\n", BLOCK)
                    .beginControlFlow("for (int j = 0; j < $L; j += $L)", blocked, BLOCK);
            for (int k = 0; k < BLOCK; k++) {
                b.addStatement("$T row$L = $L[$L]", num.array(), k, m, plus("j", k));
            }
            b.beginControlFlow("for (int e = 0; e < $L; e++)", COUNT);
            for (int k = 0; k < BLOCK; k++) {
                b.addStatement("$T in$L = $L", num.type(), k, element(in, "e", plus("j", k)));
            }
            b.addStatement("$T $L = $L[e]", num.array(), out, batch(out))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                    .addStatement("$L[i] = $L[i]$L", out, out, terms("row$L[i] * in$L"))
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        }
        if (blocked < rows) {
            b.beginControlFlow("for (int j = $L; j < $L; j++)", blocked, rows)
                    .addStatement("$T row = $L[j]", num.array(), m)
                    .beginControlFlow("for (int e = 0; e < $L; e++)", COUNT)
                    .addStatement("$T in = $L", num.type(), element(in, "e", "j"))
                    .addStatement("$T $L = $L[e]", num.array(), out, batch(out))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                    .addStatement("$L[i] += row[i] * in", out)
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        }
        return b.build();
    }

    @Override
    List<Phase.Statement> outerProduct(String grad, Operand in, String delta, int rows, int cols) {
        return LoopCode.loop(orProducts("outerProduct", grad, in, batch(delta), rows, cols,
                outerProductLoops(grad, in, delta, rows, cols)));
    }

    /** The loops of {@link #outerProduct}. */
    private CodeBlock outerProductLoops(String grad, Operand in, String delta, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder()
                .add("// the batch's examples, $L per statement, added in the order of e\n", BLOCK)
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("$T grad = $L[j]", num.array(), grad)
                .addStatement("int e = 0")
                .beginControlFlow("for (; e + $L <= $L; e += $L)", BLOCK, COUNT, BLOCK);
        for (int k = 0; k < BLOCK; k++) {
            b.addStatement("$T in$L = $L", num.type(), k, element(in, plus("e", k), "j"));
        }
        for (int k = 0; k < BLOCK; k++) {
            b.addStatement("$T d$L = $L[$L]", num.array(), k, batch(delta), plus("e", k));
        }
        return b.beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                .addStatement("grad[i] = grad[i]$L", terms("in$L * d$L[i]"))
                .endControlFlow()
                .endControlFlow()
                .beginControlFlow("for (; e < $L; e++)", COUNT)
                .addStatement("$T in = $L", num.type(), element(in, "e", "j"))
                .addStatement("$T d = $L[e]", num.array(), batch(delta))
                .beginControlFlow("for (int i = 0; i < $L; i++)", cols)
                .addStatement("grad[i] += in * d[i]")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** {@link ProductsCall#orLoops} for a batched product, from {@code x} at the examples' offsets or a batch buffer. */
    private CodeBlock orProducts(String method, String matrix, Operand in, String other, int rows, int cols,
            CodeBlock loops) {
        String input = in.atOffset() ? in.array() + ", " + OFFSETS : batch(in.array());
        return ProductsCall.orLoops(num, method, matrix + ", " + input + ", " + other + ", " + COUNT, rows, cols, loops);
    }

    /**
     * For each row j, the per-example dot products of {@link LoopCode#dotProduct} for
     * {@link #BLOCK} examples per pass over the row: each example keeps its own one or four
     * partial sums, added in the same order as alone, so the bits are the per-example ones; the
     * {@link #BLOCK} times as many independent sums keep the floating-point adders busy (a single
     * example's four sums wait on each other's additions). The last {@code n % BLOCK} examples
     * take the per-example loop. Large weight matrices take the {@link TransposedProduct} from
     * {@link TransposedProduct#MIN_BATCH} examples on.
     */
    @Override
    List<Phase.Statement> dotRows(String target, boolean accumulate, String m, String v, int rows, int cols) {
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", rows)
                .addStatement("$T row = $L[j]", num.array(), m)
                .addStatement("int e = 0")
                .add("// $L examples per pass over the row, each with the sums it has alone, in the same order\n", BLOCK)
                .beginControlFlow("for (; e + $L <= $L; e += $L)", BLOCK, COUNT, BLOCK);
        for (int k = 0; k < BLOCK; k++) {
            b.addStatement("$T d$L = $L[$L]", num.array(), k, batch(v), plus("e", k));
        }
        blockedDotProducts(b, target, accumulate, cols);
        b.endControlFlow()
                .beginControlFlow("for (; e < $L; e++)", COUNT)
                .addStatement("$T $L = $L[e]", num.array(), v, batch(v));
        LoopCode.dotProduct(num, b, batch(target) + "[e][j]", accumulate, v, cols);
        CodeBlock rowByRow = b.endControlFlow().endControlFlow().build();
        if (accumulate || !transposed.covers(names.layerOf(m))) {
            return LoopCode.loop(rowByRow);
        }
        return LoopCode.loop(CodeBlock.builder()
                .beginControlFlow("if ($L >= $L)", COUNT, TransposedProduct.MIN_BATCH)
                .add(transposed.code(m, names.layerOf(m), names, batch(target), batch(v), v, rows, cols))
                .nextControlFlow("else")
                .add(rowByRow)
                .endControlFlow()
                .build());
    }

    /**
     * {@code target[e + k][j] = Σ_i row[i] * dk[i]} (or {@code +=}) for k below {@link #BLOCK}:
     * for each example the sums of {@link LoopCode#dotProduct}, one below
     * {@link Limits#SPLIT_DOT_PRODUCT} terms, else {@code s<k><r>} over {@code i = r, r + 4, ..}
     * added as {@code (sk0 + sk1) + (sk2 + sk3)}.
     */
    private void blockedDotProducts(CodeBlock.Builder b, String target, boolean accumulate, int cols) {
        String assign = accumulate ? "+=" : "=";
        int sums = cols < Limits.SPLIT_DOT_PRODUCT ? 1 : 4;
        int blocked = cols - cols % sums;
        for (int k = 0; k < BLOCK; k++) {
            for (int r = 0; r < sums; r++) {
                b.addStatement("$T s$L$L = $L", num.type(), k, r, num.literal("0"));
            }
        }
        b.beginControlFlow(sums == 1 ? "for (int i = 0; i < $L; i++)" : "for (int i = 0; i < $L; i += 4)", blocked);
        for (int r = 0; r < sums; r++) {
            b.addStatement("$T w$L = row[$L]", num.type(), r, plus("i", r));
        }
        for (int k = 0; k < BLOCK; k++) {
            for (int r = 0; r < sums; r++) {
                b.addStatement("s$L$L += w$L * d$L[$L]", k, r, r, k, plus("i", r));
            }
        }
        b.endControlFlow();
        for (int k = 0; k < BLOCK; k++) {
            for (int i = blocked; i < cols; i++) {
                b.addStatement("s$L$L += row[$L] * d$L[$L]", k, i - blocked, i, k, i);
            }
            String sum = sums == 1 ? "s" + k + "0"
                    : String.format("(s%1$d0 + s%1$d1) + (s%1$d2 + s%1$d3)", k);
            b.addStatement("$L[$L][j] $L $L", batch(target), plus("e", k), assign, sum);
        }
    }

    /**
     * The per-example statement inside a loop over the batch, with each buffer it names bound to
     * the example's row of the batch buffer (a local of the same name) and {@code off} to the
     * example's offset in {@code x}.
     */
    @Override
    List<Phase.Statement> elementwise(int n, Function<String, CodeBlock> statement) {
        CodeBlock body = statement.apply("i");
        String text = body.toString();
        Set<String> buffers = new LinkedHashSet<>();
        Matcher matcher = NAME.matcher(text);
        while (matcher.find()) {
            if (names.buffer(matcher.group())) {
                buffers.add(matcher.group());
            }
        }
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int e = 0; e < $L; e++)", COUNT);
        if (text.contains("[off")) {
            b.addStatement("int off = $L[e]", OFFSETS);
        }
        for (String name : buffers) {
            b.addStatement("$T $L = $L[e]", num.array(), name, batch(name));
        }
        return LoopCode.loop(b.beginControlFlow("for (int i = 0; i < $L; i++)", n)
                .add(body)
                .endControlFlow()
                .endControlFlow()
                .build());
    }

    /** Element {@code j} of operand {@code in} for example {@code e} (index expressions). */
    private String element(Operand in, String e, String j) {
        if (in.atOffset()) {
            return in.array() + "[" + OFFSETS + "[" + e + "] + " + j + "]";
        }
        return batch(in.array()) + "[" + e + "][" + j + "]";
    }

    /** {@code " + t(0) + t(1) + ..."} for the {@link #BLOCK} terms of a blocked statement; {@code $L} is k. */
    private static String terms(String term) {
        StringBuilder sum = new StringBuilder();
        for (int k = 0; k < BLOCK; k++) {
            sum.append(" + ").append(term.replace("$L", Integer.toString(k)));
        }
        return sum.toString();
    }

    private static String plus(String index, int k) {
        return k == 0 ? index : index + " + " + k;
    }
}
