package io.chainrule.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.data.Scaler;
import io.chainrule.interop.Interop;
import io.chainrule.io.ModelMetadata;
import io.chainrule.io.Npy;
import io.chainrule.io.Safetensors;
import java.io.File;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
    @TempDir
    File dir;

    /**
     * PyTorch -> Chainrule -> ONNX: the networks trained in PyTorch (the committed fixtures),
     * loaded from safetensors and exported, predict in ONNX Runtime what PyTorch predicted.
     */
    @Test
    void networksFromPyTorchRunInOnnxRuntime() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        File fixtures = Interop.fixtures();
        for (String network : Interop.NETWORKS) {
            Model model = Interop.newModel(network);
            Safetensors.load(model, new File(fixtures, network + ".safetensors"));
            File onnx = new File(dir, network + ".onnx");
            OnnxExport.save(model, onnx);
            Npy.Array inputs = Npy.read(new File(fixtures, network + "-inputs.npy"));
            Npy.Array expected = Npy.read(new File(fixtures, network + "-expected.npy"));
            int n = (int) inputs.shape()[0];
            double[][] x = new double[n][];
            for (int r = 0; r < n; r++) {
                x[r] = Arrays.copyOfRange(inputs.values(), r * model.inputSize(), (r + 1) * model.inputSize());
            }
            try (OrtSession session = env.createSession(onnx.getPath(), new OrtSession.SessionOptions())) {
                double[][] y = OnnxRuntimeTest.run(env, session, model, x);
                double tolerance = model instanceof FloatModel ? OnnxRuntimeTest.FLOAT_TOLERANCE
                        : OnnxRuntimeTest.DOUBLE_TOLERANCE;
                int out = model.outputSize();
                for (int r = 0; r < n; r++) {
                    double scale = 1;
                    for (int k = 0; k < out; k++) {
                        scale = Math.max(scale, Math.abs(expected.values()[r * out + k]));
                    }
                    for (int k = 0; k < out; k++) {
                        double e = expected.values()[r * out + k];
                        assertTrue(Math.abs(y[r][k] - e) / scale <= tolerance,
                                network + " row " + r + ": ONNX Runtime " + y[r][k] + ", PyTorch " + e);
                    }
                }
            }
        }
    }

    /** The graph's interface: one input and one output with a symbolic batch size, the model's type, and metadata. */
    @Test
    void describesItsInputOutputAndModel() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Model model = Interop.newModel("iris_residual");
        model.initialize(1);
        Map<String, String> metadata = ModelMetadata.of(Scaler.NONE, List.of("setosa", "versicolor", "virginica"));
        byte[] bytes = OnnxExport.toBytes(model, metadata);
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            NodeInfo input = session.getInputInfo().get(OnnxExport.INPUT);
            NodeInfo output = session.getOutputInfo().get(OnnxExport.OUTPUT);
            assertEquals(1, session.getInputInfo().size());
            assertEquals(1, session.getOutputInfo().size());
            TensorInfo in = (TensorInfo) input.getInfo();
            TensorInfo out = (TensorInfo) output.getInfo();
            assertEquals("[-1, 4]", Arrays.toString(in.getShape()));
            assertEquals("[-1, 3]", Arrays.toString(out.getShape()));
            assertEquals("DOUBLE", in.type.name());
            assertEquals("chainrule", session.getMetadata().getProducerName());
            Map<String, String> custom = session.getMetadata().getCustomMetadata();
            assertEquals(model.architecture(), custom.get(Safetensors.ARCHITECTURE_KEY));
            assertEquals("[\"setosa\", \"versicolor\", \"virginica\"]", custom.get(ModelMetadata.CLASSES_KEY));
        }
    }

    @Test
    void refusesNonFiniteParametersAndContradictoryMetadata() {
        FloatModel model = (FloatModel) Interop.newModel("iris_mlp");
        model.initialize(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model,
                Map.of(Safetensors.ARCHITECTURE_KEY, "4-3:identity softmax_cross_entropy float")));
        assertTrue(e.getMessage().startsWith("metadata chainrule.architecture = '4-3:identity"), e.getMessage());
        model.parameterArrays()[5][2] = Float.NaN; // layer 2, row 0 (input 0), unit 2
        File file = new File(dir, "nan.onnx");
        e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.save(model, file));
        assertEquals("tensor '2.weight' element [2, 0] is NaN: a model with non-finite parameters cannot be exported",
                e.getMessage());
        assertFalse(file.exists());
        assertEquals(0, dir.list().length, "no temporary file left behind");
    }

    /** The same model gives the same bytes. */
    @Test
    void isDeterministic() {
        Model a = Interop.newModel("iris_regression");
        a.initialize(3);
        Model b = Interop.newModel("iris_regression");
        b.initialize(3);
        assertTrue(Arrays.equals(OnnxExport.toBytes(a, Collections.emptyMap()), OnnxExport.toBytes(b, Collections.emptyMap())));
    }
}
