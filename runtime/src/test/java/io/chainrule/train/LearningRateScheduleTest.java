package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void constantIsTheSameEveryEpoch() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.05);
        assertEquals(0.05, s.learningRate(0));
        assertEquals(0.05, s.learningRate(1000));
    }

    @Test
    void stepDecayMultipliesByGammaEveryStepSizeEpochs() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 0.5, 10);
        assertEquals(0.1, s.learningRate(0));
        assertEquals(0.1, s.learningRate(9));
        assertEquals(0.05, s.learningRate(10));
        assertEquals(0.025, s.learningRate(25));
    }

    @Test
    void cosineAnnealsFromMaxToMin() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 0.01, 10);
        assertEquals(0.1, s.learningRate(0), 1e-15);
        assertEquals(0.055, s.learningRate(5), 1e-15);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI * 0.2)) / 2, s.learningRate(2), 1e-15);
        assertEquals(0.01, s.learningRate(10), 1e-15);
        assertEquals(0.01, s.learningRate(50));
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0.1).learningRate(-1));
    }
}
