package io.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.plan.LayerPlan;

/**
 * The generated call of the runtime's {@code Products} (the Vector API's register-blocked products
 * in {@code chainrule-vector}, where the JVM has them) in place of a product's loops: for the
 * batched forward product and weight gradient ({@link BatchCode}) and one example's forward
 * product, weight gradient and SGD step ({@link LoopCode}) of a product large enough to gain from
 * it. The loops stay beside the call for every other JVM; both compute the same bits (unless the
 * user opts into the products' fused multiply-adds). {@code Products.FLOAT} is a static final
 * field, so the JIT compiles only the branch taken.
 */
final class ProductsCall {
    /** Fewest columns (outputs, or gradient columns) of a product handed to {@code Products}. */
    static final int MIN_COLS = 16;
    /** Fewest multiply-adds per example of a product handed to {@code Products}. */
    static final int MIN_TERMS = 1024;
    private static final ClassName PRODUCTS = ClassName.get("io.chainrule.kernel", "Products");

    private ProductsCall() {
    }

    /** Whether a product of {@code rows} x {@code cols} calls {@code Products} first ({@link #orLoops}). */
    static boolean calls(int rows, int cols) {
        return cols >= MIN_COLS && rows * cols >= MIN_TERMS;
    }

    /**
     * Whether layer {@code l}'s passes call {@code Products} first: its forward product and its
     * weight gradient (of the same shape), or its projection's.
     */
    static boolean calls(LayerPlan l) {
        return calls(l.inputs(), l.units()) || l.projected() && calls(l.sourceUnits(), l.units());
    }

    /**
     * {@code loops}, or, for a product of {@code rows} x {@code cols} that {@link #calls}, {@code
     * Products.FLOAT.method(arguments, rows, cols)} (or {@code DOUBLE}) where the runtime has
     * products and {@code loops} where it has none.
     */
    static CodeBlock orLoops(Numeric num, String method, String arguments, int rows, int cols, CodeBlock loops) {
        if (!calls(rows, cols)) {
            return loops;
        }
        String field = num.isFloat() ? "FLOAT" : "DOUBLE";
        return CodeBlock.builder()
                .beginControlFlow("if ($T.$L != null)", PRODUCTS, field)
                .add("// the same arithmetic in the same order, in vector registers\n")
                .addStatement("$T.$L.$L($L, $L, $L)", PRODUCTS, field, method, arguments, rows, cols)
                .nextControlFlow("else")
                .add(loops)
                .endControlFlow()
                .build();
    }
}
