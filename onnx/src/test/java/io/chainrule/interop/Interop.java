package io.chainrule.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelMetadata;
import io.chainrule.io.Npy;
import io.chainrule.io.Npz;
import io.chainrule.io.Safetensors;
import io.chainrule.train.Adam;
import io.chainrule.train.Evaluator;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The PyTorch round trips, on a folder of files written by {@code interop/pytorch/chainrule_torch.py
 * fixtures} (and, for the Chainrule side, by {@link #writeChainruleExports}): the committed
 * fixtures, or a folder the live test has just filled.
 *
 * <p>Networks (the same three in both directions): {@code iris_mlp} (4-16 ReLU-3 softmax, float; a
 * {@code torch.nn.Sequential}), {@code iris_residual} (skips plain and projected, from a hidden
 * layer and from the input, five activations, sigmoid head, double) and {@code iris_regression}
 * (two residual layers, mean squared error, float). Predictions agree to {@value #FLOAT_TOLERANCE}
 * in float and {@value #DOUBLE_TOLERANCE} in double, relative to the example's largest output or
 * absolutely below 1 (probabilities).
 */
public final class Interop {
    static final double FLOAT_TOLERANCE = 1e-6;
    static final double DOUBLE_TOLERANCE = 1e-12;
    public static final String[] NETWORKS = {"iris_mlp", "iris_residual", "iris_regression"};
    static final List<String> IRIS_CLASSES = List.of("setosa", "versicolor", "virginica");

    private Interop() {
    }

    /** A new, uninitialised model of one of the networks. */
    public static Model newModel(String network) {
        switch (network) {
            case "iris_mlp": return new IrisMlpModel();
            case "iris_residual": return new IrisResidualModel();
            case "iris_regression": return new IrisRegressionModel();
            default: throw new IllegalArgumentException(network);
        }
    }

    /** The iris CSV the samples ship (also the script's default data). */
    static File irisCsv() {
        for (String path : new String[] {"../samples/src/main/resources/data/iris.csv",
            "samples/src/main/resources/data/iris.csv"}) {
            File f = new File(path);
            if (f.isFile()) {
                return f;
            }
        }
        throw new IllegalStateException("samples/src/main/resources/data/iris.csv not found from " + new File(".").getAbsolutePath());
    }

    /** The committed fixtures folder. */
    public static File fixtures() {
        for (String path : new String[] {"../interop/pytorch/fixtures", "interop/pytorch/fixtures"}) {
            File f = new File(path);
            if (f.isDirectory()) {
                return f;
            }
        }
        throw new IllegalStateException("interop/pytorch/fixtures not found from " + new File(".").getAbsolutePath());
    }

    /** The iris data for a network, unscaled, in double: labels for the classifiers, petal width for the regression. */
    static Dataset rawData(String network) throws IOException {
        if (network.equals("iris_regression")) {
            Dataset both = CsvReader.builder().targetColumns("petal_width_cm", "label").precision(Precision.DOUBLE)
                    .build().read(irisCsv());
            double[] widths = new double[both.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = both.target(i, 0);
            }
            return Dataset.ofTargets(both.doubleFeatures(), 3, widths, 1);
        }
        return CsvReader.builder().labelColumn("label").classCount(3).precision(Precision.DOUBLE).build().read(irisCsv());
    }

    /** The raw data scaled as Python scales it: (x - center) / scale in double, then rounded to the model's precision. */
    static Dataset scaled(Dataset raw, FeatureScaler scaler, Precision precision) {
        Dataset scaled = scaler.transform(raw);
        return precision == Precision.FLOAT ? scaled.toPrecision(Precision.FLOAT) : scaled;
    }

    // ---- PyTorch -> Chainrule ---------------------------------------------------------------

    /**
     * A network trained in PyTorch: its safetensors file (and float16 / bfloat16 copies for
     * iris_mlp) and .npz load into the generated model, which then predicts what PyTorch
     * predicted; the metadata carries the scaler (which reproduces the inputs PyTorch saw) and
     * the class names; writing the model again gives the same tensors (and, for .npz, numpy's
     * bytes); fine-tuning from the imported weights lowers the loss. Returns the worst errors.
     */
    static Agreement torchToChainrule(File dir, String network) throws IOException {
        Agreement agreement = new Agreement(network + " (PyTorch -> Chainrule)");
        Npy.Array inputs = Npy.read(new File(dir, network + "-inputs.npy"));
        Npy.Array expected = Npy.read(new File(dir, network + "-expected.npy"));
        Model model = newModel(network);
        Map<String, String> metadata = Safetensors.load(model, new File(dir, network + ".safetensors"));
        agreement.check(model, inputs, expected, ".safetensors");

        Model fromNpz = newModel(network);
        Npz.load(fromNpz, new File(dir, network + ".npz"));
        assertArrayEquals(bits(model), bits(fromNpz), network + ": .npz and .safetensors hold other values");
        assertNpzIsNumpys(fromNpz, new File(dir, network + ".npz"));

        if (network.equals("iris_mlp")) {
            for (String low : new String[] {"f16", "bf16"}) {
                Model rounded = newModel(network);
                Safetensors.load(rounded, new File(dir, network + "-" + low + ".safetensors"));
                agreement.check(rounded, inputs, Npy.read(new File(dir, network + "-" + low + "-expected.npy")),
                        "-" + low + ".safetensors");
            }
        }

        assertEquals(model.architecture().replaceAll(" \\w+$", ""),
                metadata.get(Safetensors.ARCHITECTURE_KEY).replaceAll(" \\w+$", ""));
        assertEquals(network.equals("iris_regression") ? Collections.emptyList() : IRIS_CLASSES,
                ModelMetadata.classNames(metadata, network));
        Scaler scaler = ModelMetadata.scaler(metadata, model.inputSize(), network);
        Dataset raw = rawData(network);
        Dataset scaled = scaled(raw, (FeatureScaler) scaler, model.precision());
        assertArrayEquals(inputs.values(), features(scaled), network + ": the metadata's scaler does not give the inputs"
                + " PyTorch saw");

        // the same tensors again (Chainrule's header order and padding, not PyTorch's)
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Safetensors.write(model, metadata, again);
        Model reloaded = newModel(network);
        assertEquals(metadata, Safetensors.load(reloaded, new ByteArrayInputStream(again.toByteArray()), "again"));
        assertArrayEquals(bits(model), bits(reloaded));

        fineTune(model, scaled, network);
        return agreement;
    }

    /** A few epochs of Adam from the imported weights: the training loss goes down and stays finite. */
    static void fineTune(Model model, Dataset data, String network) {
        Evaluator evaluator = new Evaluator(model);
        double before = evaluator.evaluate(data).meanLoss();
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(20).batchSize(16).optimizer(new Adam())
                .learningRate(0.003).seed(7).build()).train(model, data);
        double after = evaluator.evaluate(data).meanLoss();
        assertTrue(after < before && Double.isFinite(after), network + ": fine-tuning from PyTorch's weights: mean loss "
                + before + " before, " + after + " after " + result.epochsRun() + " epochs");
    }

    /** Each .npy array of Chainrule's archive is byte for byte the one numpy.savez wrote. */
    static void assertNpzIsNumpys(Model model, File numpyFile) throws IOException {
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        Npz.write(model, ours);
        Map<String, byte[]> numpy = entries(Files.readAllBytes(numpyFile.toPath()));
        Map<String, byte[]> chainrule = entries(ours.toByteArray());
        assertEquals(numpy.keySet(), chainrule.keySet(), numpyFile.getName());
        for (String name : numpy.keySet()) {
            assertArrayEquals(numpy.get(name), chainrule.get(name), numpyFile.getName() + " " + name);
        }
    }

    // ---- Chainrule -> PyTorch ---------------------------------------------------------------

    /** The Chainrule side of the round trip: a network trained here, as the live test trains it. */
    static Model trainInChainrule(String network, FeatureScaler[] scalerOut) throws IOException {
        Model model = newModel(network);
        model.initialize(42);
        Dataset raw = rawData(network);
        FeatureScaler scaler = FeatureScaler.standardize(raw);
        scalerOut[0] = scaler;
        new Trainer(TrainerConfig.builder().epochs(60).batchSize(8).optimizer(new Adam()).learningRate(0.01).seed(42)
                .build()).train(model, scaled(raw, scaler, model.precision()));
        return model;
    }

    /**
     * Trains the three networks in Chainrule and writes, for each, {@code chainrule_<network>.safetensors}
     * (with scaler and class names), {@code .npz} and {@code -inputs.npy} (the scaled iris
     * features), for {@code chainrule_torch.py fixtures} to load into PyTorch.
     */
    static Map<String, Model> writeChainruleExports(File dir) throws IOException {
        Map<String, Model> models = new LinkedHashMap<>();
        for (String network : NETWORKS) {
            FeatureScaler[] scaler = new FeatureScaler[1];
            Model model = trainInChainrule(network, scaler);
            String stem = "chainrule_" + network;
            Safetensors.save(model, ModelMetadata.of(scaler[0], network.equals("iris_regression")
                    ? Collections.emptyList() : IRIS_CLASSES), new File(dir, stem + ".safetensors"));
            Npz.save(model, new File(dir, stem + ".npz"));
            Dataset scaled = scaled(rawData(network), scaler[0], model.precision());
            long[] shape = {scaled.size(), model.inputSize()};
            if (model.precision() == Precision.FLOAT) {
                Npy.save(new File(dir, stem + "-inputs.npy"), shape, scaled.floatFeatures());
            } else {
                Npy.save(new File(dir, stem + "-inputs.npy"), shape, scaled.doubleFeatures());
            }
            models.put(network, model);
        }
        return models;
    }

    /**
     * A network exported by Chainrule and loaded in PyTorch with load_state_dict: PyTorch's
     * predictions ({@code -torch.npy}) are the model's; the model read back from the export is
     * written again byte for byte (safetensors and .npz). {@code trained} is the model that was
     * exported, or null to check the file's own contents.
     */
    static Agreement chainruleToTorch(File dir, String network, Model trained) throws IOException {
        Agreement agreement = new Agreement(network + " (Chainrule -> PyTorch)");
        String stem = "chainrule_" + network;
        File safetensors = new File(dir, stem + ".safetensors");
        Model model = newModel(network);
        Map<String, String> metadata = Safetensors.load(model, safetensors);
        if (trained != null) {
            assertArrayEquals(bits(trained), bits(model));
        }
        agreement.check(model, Npy.read(new File(dir, stem + "-inputs.npy")), Npy.read(new File(dir, stem + "-torch.npy")),
                "load_state_dict");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Safetensors.write(model, metadata, again);
        assertArrayEquals(Files.readAllBytes(safetensors.toPath()), again.toByteArray(), stem + ".safetensors is not"
                + " what Chainrule writes for its weights");
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        Npz.write(model, npz);
        assertArrayEquals(Files.readAllBytes(new File(dir, stem + ".npz").toPath()), npz.toByteArray(), stem + ".npz");
        return agreement;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The worst disagreement seen between the model and the other side's predictions. */
    static final class Agreement {
        final String name;
        double worst;
        double worstElementwise;
        int compared;

        Agreement(String name) {
            this.name = name;
        }

        /** The model's prediction of every input row against the expected rows. */
        void check(Model model, Npy.Array inputs, Npy.Array expected, String what) {
            int n = (int) inputs.shape()[0];
            int in = model.inputSize();
            int out = model.outputSize();
            assertEquals(in, inputs.shape()[1]);
            assertArrayEquals(new long[] {n, out}, expected.shape());
            boolean isFloat = model.precision() == Precision.FLOAT;
            double tolerance = isFloat ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
            double[] x = inputs.values();
            double[] e = expected.values();
            double[] y = new double[out];
            for (int r = 0; r < n; r++) {
                predict(model, x, r * in, y);
                double scale = 1;
                for (int k = 0; k < out; k++) {
                    scale = Math.max(scale, Math.abs(e[r * out + k]));
                }
                for (int k = 0; k < out; k++) {
                    double error = Math.abs(y[k] - e[r * out + k]);
                    worst = Math.max(worst, error / scale);
                    worstElementwise = Math.max(worstElementwise, error / Math.abs(e[r * out + k]));
                    compared++;
                    assertTrue(error / scale <= tolerance, name + " " + what + ": row " + r + " output " + k + ": Chainrule "
                            + y[k] + ", PyTorch " + e[r * out + k]);
                }
            }
        }

        @Override
        public String toString() {
            return String.format("%s: %d outputs, worst error %.2g (elementwise relative %.2g)", name, compared, worst,
                    worstElementwise);
        }
    }

    static void predict(Model model, double[] x, int offset, double[] out) {
        if (model instanceof DoubleModel) {
            ((DoubleModel) model).predict(x, offset, out);
            return;
        }
        float[] xf = new float[model.inputSize()];
        for (int j = 0; j < xf.length; j++) {
            xf[j] = (float) x[offset + j];
        }
        float[] o = new float[out.length];
        ((FloatModel) model).predict(xf, 0, o);
        for (int k = 0; k < o.length; k++) {
            out[k] = o[k];
        }
    }

    static double[] features(Dataset data) {
        if (data.precision() == Precision.DOUBLE) {
            return data.doubleFeatures();
        }
        float[] f = data.floatFeatures();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static long[][] bits(Model model) {
        if (model instanceof FloatModel) {
            float[][] a = ((FloatModel) model).parameterArrays();
            long[][] out = new long[a.length][];
            for (int k = 0; k < a.length; k++) {
                out[k] = new long[a[k].length];
                for (int i = 0; i < a[k].length; i++) {
                    out[k][i] = Float.floatToRawIntBits(a[k][i]);
                }
            }
            return out;
        }
        double[][] a = ((DoubleModel) model).parameterArrays();
        long[][] out = new long[a.length][];
        for (int k = 0; k < a.length; k++) {
            out[k] = new long[a[k].length];
            for (int i = 0; i < a[k].length; i++) {
                out[k][i] = Double.doubleToRawLongBits(a[k][i]);
            }
        }
        return out;
    }

    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
