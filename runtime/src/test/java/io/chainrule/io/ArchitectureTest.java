package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Activation;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.train.FloatLinearModel;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void readsPlainNetworks() {
        Architecture a = Architecture.parse("64-32:relu-10:identity softmax_cross_entropy float");
        assertEquals(64, a.inputs());
        assertEquals(2, a.layerCount());
        assertEquals(32, a.layer(1).units());
        assertEquals(64, a.layer(1).inputs());
        assertEquals(Activation.RELU, a.layer(1).activation());
        assertEquals(32, a.layer(2).inputs());
        assertEquals(10, a.outputs());
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, a.loss());
        assertEquals(Precision.FLOAT, a.precision());
        assertEquals(0, a.residualLayers());
        assertEquals(1.0, a.residualScale());
        assertEquals(64 * 32 + 32 + 32 * 10 + 10, a.parameterCount());
        assertEquals(64 + 1 + 32 + 1, a.parameterArrayCount());
        assertEquals("64-32:relu-10:identity softmax_cross_entropy double", a.withPrecision(Precision.DOUBLE));
    }

    @Test
    void readsRepeatedResidualAndProjectedLayers() {
        Architecture a = Architecture.parse("64-16:tanh-16:tanh+1*998-10:identity softmax_cross_entropy float");
        assertEquals(1000, a.layerCount());
        assertEquals(998, a.residualLayers());
        assertEquals(1 / Math.sqrt(998), a.residualScale());
        assertEquals(272_666, a.parameterCount());
        assertTrue(a.layer(500).residual());
        assertEquals(499, a.layer(500).source());
        assertFalse(a.layer(1000).residual());

        Architecture p = Architecture.parse("4-8:tanh-8:leaky_relu+1-6:softplus+2p-6:sigmoid+4p-3:identity"
                + " sigmoid_cross_entropy double");
        assertEquals(3, p.residualLayers());
        assertTrue(p.layer(3).projected());
        assertEquals(1, p.layer(3).source());
        assertEquals(8, p.layer(3).sourceUnits());
        assertEquals(0, p.layer(4).source());
        assertEquals(4, p.layer(4).sourceUnits());
        assertEquals(8 + 1 + 8, p.layer(3).parameterArrayCount());
        assertEquals(6 * 6 + 6 + 4 * 6, p.layer(4).parameterCount());
        assertEquals(Precision.DOUBLE, p.precision());
    }

    @Test
    void agreesWithTheModelItDescribes() {
        FloatLinearModel model = new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        assertEquals(15, Architecture.of(model).parameterCount());
        FloatLinearModel lying = new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY,
                "5-3:identity softmax_cross_entropy float");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.of(lying));
        assertEquals("the architecture string '5-3:identity softmax_cross_entropy float' does not describe the model"
                + " (input size or layer count)", e.getMessage());
    }

    @Test
    void saysWhatIsWrongWithABadString() {
        String[][] cases = {
            {"4-3:identity softmax_cross_entropy", "expected three words"},
            {"4-3:identity softmax float", "unknown loss 'softmax'"},
            {"4-3:identity mean_squared_error half", "unknown precision 'half'"},
            {"4 mean_squared_error float", "no layers"},
            {"x-3:identity mean_squared_error float", "input size 'x' is not a positive number"},
            {"4-3:swish mean_squared_error float", "unknown activation 'swish'"},
            {"4-3 mean_squared_error float", "layer '3' is not units:activation"},
            {"4-0:relu-1:identity mean_squared_error float", "units of layer '0:relu' '0' is not a positive int"},
            {"4-3:relu+2-1:identity mean_squared_error float", "layer 1 skips 2 layers back, before the input"},
            {"4-3:relu+1-1:identity mean_squared_error float", "layer 1 adds h0 of width 4 to its 3 units"
                + " without a projection"},
            {"4-3:relu*0-1:identity mean_squared_error float", "repeat count of '3:relu*0' '0' is not a positive int"},
            {"4-3:relu*2000000-1:identity mean_squared_error float", "more than 1000000 layers"},
            {"4-3:relu+xp-1:identity mean_squared_error float", "skip of layer '3:relu+xp' 'x' is not a positive"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse(c[0]), c[0]);
            assertTrue(e.getMessage().startsWith("not an architecture string: '" + c[0] + "': "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
