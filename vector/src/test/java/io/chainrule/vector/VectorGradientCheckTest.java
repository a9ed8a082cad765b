package io.chainrule.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.kernel.Products;
import io.chainrule.processor.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * The generated backward pass with the vector products in use, against central finite
 * differences (the processor's {@link GradientCheck}): {@link WideDouble}'s first two layers (33 ×
 * 50 and 50 × 21) are past the products' thresholds, so {@code lossAndGradient} takes one
 * example's forward product and weight gradient from {@link VectorDoubleProducts}. Their bits are
 * the loops' ({@link VectorProductsTest}); this checks the gradient itself where they run.
 */
class VectorGradientCheckTest {
    @Test
    void theWideNetworksGradientsAgreeWithFiniteDifferences() {
        assertEquals(VectorDoubleProducts.class, Products.DOUBLE.getClass());
        for (long seed = 1; seed <= 5; seed++) {
            WideDoubleModel model = new WideDoubleModel();
            GradientCheck.Example example = GradientCheck.prepare(model, seed);
            double worst = GradientCheck.check(model, example);
            assertTrue(worst < GradientCheck.TOLERANCE, "seed " + seed + ": relative error " + worst);
        }
    }
}
