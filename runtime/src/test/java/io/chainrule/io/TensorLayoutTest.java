package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorLayoutTest {
    @Test
    void plainNetworksHaveTheKeysOfTorchSequential() {
        TensorLayout layout = TensorLayout.of(Architecture.parse("64-32:relu-10:identity softmax_cross_entropy float"));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), names(layout));
        assertArrayEquals(new long[] {32, 64}, layout.tensor("0.weight").shape());
        assertArrayEquals(new long[] {32}, layout.tensor("0.bias").shape());
        assertArrayEquals(new long[] {10, 32}, layout.tensor("2.weight").shape());
        assertEquals(65, layout.tensor("2.weight").firstArray());
        assertNull(layout.tensor("1.weight"));
    }

    @Test
    void residualNetworksAddTheirProjections() {
        TensorLayout layout = TensorLayout.of(Architecture.parse(
                "4-8:tanh-8:leaky_relu+1-6:softplus+2p-6:sigmoid+4p-3:identity sigmoid_cross_entropy double"));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "proj.4.weight",
                "6.weight", "6.bias", "proj.6.weight", "8.weight", "8.bias"), names(layout));
        assertArrayEquals(new long[] {6, 8}, layout.tensor("proj.4.weight").shape());
        assertArrayEquals(new long[] {6, 4}, layout.tensor("proj.6.weight").shape());
        assertEquals(TensorLayout.Kind.PROJECTION, layout.tensor("proj.6.weight").kind());
        assertEquals(4, layout.tensor("proj.6.weight").layer());
        // arrays: 4 + 1 (layer 1), 8 + 1 (layer 2), 8 + 1 + 8 (layer 3), then layer 4's 6 weight rows and bias
        assertEquals(4 + 1 + 8 + 1 + 8 + 1 + 8 + 6 + 1, layout.tensor("proj.6.weight").firstArray());
    }

    /** PyTorch's weight[i][j] (unit i, input j) is our row w[j][i]: row-major k = i * inputs + j. */
    @Test
    void matricesAreTransposed() {
        DoubleModel model = (DoubleModel) ArraysModel.of("3-2:relu-2:identity+1p mean_squared_error double", 1);
        TensorLayout layout = TensorLayout.of(model);
        double[][] p = model.parameterArrays();
        TensorLayout.Tensor w = layout.tensor("0.weight");
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                int k = i * 3 + j;
                assertEquals(j, w.array(k));
                assertEquals(i, w.element(k));
            }
        }
        TensorLayout.Tensor proj = layout.tensor("proj.2.weight");
        // layer 1: weight rows 0..2, bias 3; layer 2: weight rows 4..5, bias 6, projection rows 7..8
        assertEquals(7, proj.firstArray());
        assertEquals(p[7 + 1][0], p[proj.array(1)][proj.element(1)]); // [0][1]: unit 0, source value 1
        TensorLayout.Tensor bias = layout.tensor("2.bias");
        assertEquals(6, bias.array(1));
        assertEquals(1, bias.element(1));
    }

    @Test
    void refusesNonFiniteParameters() {
        FloatModel model = (FloatModel) ArraysModel.of("3-2:relu-2:identity mean_squared_error float", 1);
        model.parameterArrays()[4][1] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorLayout.of(model).requireFinite(model));
        assertEquals("tensor '2.weight' element [1, 0] is NaN: a model with non-finite parameters cannot be exported",
                e.getMessage());
    }

    private static List<String> names(TensorLayout layout) {
        List<String> names = new ArrayList<>();
        for (TensorLayout.Tensor t : layout.tensors()) {
            names.add(t.name());
        }
        return names;
    }
}
