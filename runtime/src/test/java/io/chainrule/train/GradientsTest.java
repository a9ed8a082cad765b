package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chainrule.Loss;
import org.junit.jupiter.api.Test;

class GradientsTest {
    private final DoubleLinearModel model = new DoubleLinearModel(1, 2, Loss.MEAN_SQUARED_ERROR);

    private void setGradients(double a, double b, double c, double d) {
        double[][] g = model.gradientArrays();
        g[0][0] = a;
        g[0][1] = b;
        g[1][0] = c;
        g[1][1] = d;
    }

    @Test
    void globalNormSpansAllArrays() {
        setGradients(1, 2, 2, 4);
        assertEquals(5.0, Gradients.globalNorm(model), 1e-15);
    }

    @Test
    void clippingScalesToTheGivenNorm() {
        setGradients(3, 0, 0, 4);
        assertEquals(5.0, Gradients.clipByGlobalNorm(model, 1.0), 1e-15);
        assertEquals(1.0, Gradients.globalNorm(model), 1e-15);
        assertEquals(0.6, model.gradientArrays()[0][0], 1e-15);
        assertEquals(0.8, model.gradientArrays()[1][1], 1e-15);
    }

    @Test
    void clippingLeavesSmallGradientsAlone() {
        setGradients(0.3, 0, 0, 0.4);
        assertEquals(0.5, Gradients.clipByGlobalNorm(model, 1.0), 1e-15);
        assertEquals(0.3, model.gradientArrays()[0][0]);
        assertEquals(0.4, model.gradientArrays()[1][1]);
    }

    @Test
    void clippingWorksInFloat() {
        FloatLinearModel f = new FloatLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR);
        f.gradientArrays()[0][0] = 30f;
        f.gradientArrays()[1][0] = 40f;
        Gradients.clipByGlobalNorm(f, 5.0);
        assertEquals(3f, f.gradientArrays()[0][0], 1e-6f);
        assertEquals(4f, f.gradientArrays()[1][0], 1e-6f);
    }

    @Test
    void firstNonFiniteArrayNamesTheArray() {
        setGradients(1, 2, Double.NaN, 4);
        assertEquals(1, Gradients.firstNonFiniteArray(model.gradientArrays()));
        setGradients(1, 2, 3, 4);
        assertEquals(-1, Gradients.firstNonFiniteArray(model.gradientArrays()));
    }
}
