package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * What {@link StepTrace} refuses, and its tolerances. Traces of generated models are tested in the
 * processor module ({@code StepTraceTest} there), which compiles them.
 */
class StepTraceTest {
    private final Dataset data = Dataset.ofLabels(new double[] {1, 2, 3, 4}, 2, new int[] {0, 1}, 2);

    @Test
    void aHandWrittenModelIsNotTraceable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepTrace.of(new DoubleLinearModel(2, 2, Loss.SOFTMAX_CROSS_ENTROPY), data, 0));
        assertTrue(e.getMessage().endsWith("is not a generated training class (FloatTraceable or DoubleTraceable):"
                + " a trace reads the generated code's own buffers"), e.getMessage());
    }

    @Test
    void theExampleMustFitTheModel() {
        DoubleLinearModel model = new DoubleLinearModel(2, 2, Loss.SOFTMAX_CROSS_ENTROPY);
        assertEquals("example 2 is out of range: the data set has 2 examples",
                assertThrows(IllegalArgumentException.class, () -> StepTrace.of(model, data, 2)).getMessage());
        Dataset three = Dataset.ofLabels(new double[] {1, 2, 3}, 3, new int[] {0}, 2);
        assertEquals("the data set has 3 features per example, but the model takes 2 inputs",
                assertThrows(IllegalArgumentException.class, () -> StepTrace.of(model, three, 0)).getMessage());
        Dataset features = Dataset.ofFeatures(new double[] {1, 2}, 2);
        assertEquals("a trace needs a label or target for the example; the data set holds features only",
                assertThrows(IllegalArgumentException.class, () -> StepTrace.of(model, features, 0)).getMessage());
        Dataset targets = Dataset.ofTargets(new double[] {1, 2}, 2, new double[] {0, 1}, 2);
        assertEquals("loss softmax_cross_entropy takes class labels, but the data set holds target vectors",
                assertThrows(IllegalArgumentException.class, () -> StepTrace.of(model, targets, 0)).getMessage());
    }

    @Test
    void aScopeIsAtLeastOneValueOfARangeOfLayers() {
        assertThrows(IllegalArgumentException.class, () -> StepTrace.Scope.all().values(0));
        assertThrows(IllegalArgumentException.class, () -> StepTrace.Scope.all().layers(0, 2));
        assertThrows(IllegalArgumentException.class, () -> StepTrace.Scope.all().layers(3, 2));
    }

    /** The tolerances of the gradient checks: double relative 1e-6 (absolute below 1e-5), float 1e-3 plus noise. */
    @Test
    void agreementUsesTheGradientChecksTolerances() {
        assertTrue(StepTrace.agree(1.0, 1.0 + 0.9e-6, 0.5, Precision.DOUBLE));
        assertFalse(StepTrace.agree(1.0, 1.0 + 1.1e-6, 0.5, Precision.DOUBLE));
        assertTrue(StepTrace.agree(1e-7, 1e-7 + 0.9e-11, 0.5, Precision.DOUBLE));
        assertFalse(StepTrace.agree(1e-7, 1e-7 + 1.1e-11, 0.5, Precision.DOUBLE));
        assertTrue(StepTrace.agree(1.0, 1.0 + 1.09e-3, 0.5, Precision.FLOAT));
        assertFalse(StepTrace.agree(1.0, 1.0 + 1.11e-3, 0.5, Precision.FLOAT));
        assertTrue(StepTrace.agree(0.0, 1.9e-4, 2.0, Precision.FLOAT));
        assertFalse(StepTrace.agree(0.0, 2.1e-4, 2.0, Precision.FLOAT));
    }
}
