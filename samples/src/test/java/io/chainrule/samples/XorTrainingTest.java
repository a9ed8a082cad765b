package io.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.samples.xor.XorModel;
import io.chainrule.samples.xor.XorTraining;
import org.junit.jupiter.api.Test;

class XorTrainingTest {
    @Test
    void sgdSeparatesAllFourPoints() {
        XorModel model = new XorModel();
        model.initialize(1);
        assertFalse(XorTraining.separatesAll(model), "the untrained network must not already solve XOR");
        int epochs = XorTraining.train(model, 1, 2.0, 5_000);
        assertTrue(epochs > 0, "not separated after 5,000 epochs:\n" + XorTraining.describe(model));
        assertTrue(XorTraining.separatesAll(model));
    }
}
