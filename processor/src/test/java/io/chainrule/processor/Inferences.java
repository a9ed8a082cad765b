package io.chainrule.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.Activation;
import io.chainrule.DoublePredictor;
import io.chainrule.FloatPredictor;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;

/** {@code @Inference} declarations for tests, their compilation with model files as resources, and bit-level helpers. */
final class Inferences {
    private Inferences() {
    }

    /** Qualified name of the inference class of {@code network} declared by {@link #source}. */
    static String generatedName(Networks.Declaration network) {
        return network.qualifiedName() + "InferenceModel";
    }

    /** {@code @Inference(network = N.class) interface NInference extends Float/DoublePredictor {}} in N's package. */
    static JavaFileObject source(Networks.Declaration network) {
        return source(network.pkg(), network.name() + "Inference", network.name(), "",
                network.precision() == Precision.FLOAT ? "FloatPredictor" : "DoublePredictor");
    }

    /** {@code @Inference(network = <network>.class, weights = "<weights>") interface <name> [extends <base>] {}}. */
    static JavaFileObject source(String pkg, String name, String network, String weights, String base) {
        return JavaFileObjects.forSourceString(pkg + "." + name, String.join("\n",
                "package " + pkg + ";",
                "",
                "import io.chainrule.*;",
                "",
                "@Inference(network = " + network + ".class"
                        + (weights.isEmpty() ? "" : ",\n        weights = \"" + weights + "\"") + ")",
                "public interface " + name + (base.isEmpty() ? "" : " extends " + base) + " {",
                "}",
                ""));
    }

    /** The networks and an inference declaration of each. */
    static List<JavaFileObject> withInference(List<Networks.Declaration> networks) {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Networks.Declaration d : networks) {
            sources.add(d.source());
            sources.add(source(d));
        }
        return sources;
    }

    /** Compiles with the processor, with {@code resources} as the source path where it looks for model files. */
    static Compilation compile(Path resources, List<JavaFileObject> sources) {
        return javac().withProcessors(new NetworkProcessor())
                .withOptions("--release", "8", "-Xlint:all,-options,-processing", "-sourcepath", resources.toString())
                .compile(sources);
    }

    /** Writes {@code bytes} as {@code name} (such as {@code models/x.chrl}) under {@code root}. */
    static void write(Path root, String name, byte[] bytes) {
        try {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model file of {@code model}, without a scaler. */
    static byte[] save(Predictor model) {
        return save(model, Scaler.NONE);
    }

    static byte[] save(Predictor model, Scaler scaler) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelFile.write(model, scaler, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scaler load(Predictor model, byte[] file) throws IOException {
        return ModelFile.load(model, new ByteArrayInputStream(file), "test.chrl");
    }

    /**
     * The model file of a network with {@code architecture} and {@code inputs} inputs whose
     * parameters are {@code values}, written without compiling the network.
     */
    static byte[] modelFile(String architecture, int inputs, float[] values) {
        return save(new FlatFloat(architecture, inputs, values));
    }

    static byte[] modelFile(String architecture, int inputs, double[] values) {
        return save(new FlatDouble(architecture, inputs, values));
    }

    /** A predictor that is only an architecture string, an input size and one flat array of parameters. */
    private abstract static class Flat implements Predictor {
        private final String architecture;
        private final int inputs;
        private final int count;

        Flat(String architecture, int inputs, int count) {
            this.architecture = architecture;
            this.inputs = inputs;
            this.count = count;
        }

        @Override
        public int parameterCount() {
            return count;
        }

        @Override
        public String architecture() {
            return architecture;
        }

        @Override
        public int inputSize() {
            return inputs;
        }

        @Override
        public int outputSize() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int layerCount() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int layerSize(int layer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Activation activation(int layer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Loss loss() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int classCount() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FlatFloat extends Flat implements FloatPredictor {
        private final float[][] arrays;

        FlatFloat(String architecture, int inputs, float[] values) {
            super(architecture, inputs, values.length);
            arrays = new float[][] {values};
        }

        @Override
        public Precision precision() {
            return Precision.FLOAT;
        }

        @Override
        public float[][] parameterArrays() {
            return arrays;
        }

        @Override
        public void predict(float[] x, int offset, float[] out) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FlatDouble extends Flat implements DoublePredictor {
        private final double[][] arrays;

        FlatDouble(String architecture, int inputs, double[] values) {
            super(architecture, inputs, values.length);
            arrays = new double[][] {values};
        }

        @Override
        public Precision precision() {
            return Precision.DOUBLE;
        }

        @Override
        public double[][] parameterArrays() {
            return arrays;
        }

        @Override
        public void predict(double[] x, int offset, double[] out) {
            throw new UnsupportedOperationException();
        }
    }

    /** Sets every parameter to a value drawn from {@code random}: gaussian, scaled by 1/sqrt(fan-in) per layer. */
    static void randomize(Predictor model, Random random) {
        if (model instanceof FloatPredictor f) {
            for (float[] array : f.parameterArrays()) {
                for (int i = 0; i < array.length; i++) {
                    array[i] = (float) (random.nextGaussian() * 0.4);
                }
            }
        } else {
            for (double[] array : ((DoublePredictor) model).parameterArrays()) {
                for (int i = 0; i < array.length; i++) {
                    array[i] = random.nextGaussian() * 0.4;
                }
            }
        }
    }

    /** The raw bits of every parameter, in order. */
    static long[] parameterBits(Predictor model) {
        List<Long> bits = new ArrayList<>();
        if (model instanceof FloatPredictor f) {
            for (float[] array : f.parameterArrays()) {
                for (float v : array) {
                    bits.add((long) Float.floatToRawIntBits(v));
                }
            }
        } else {
            for (double[] array : ((DoublePredictor) model).parameterArrays()) {
                for (double v : array) {
                    bits.add(Double.doubleToRawLongBits(v));
                }
            }
        }
        return bits.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The raw bits of the outputs of {@code predictBatch} on {@code count} examples of {@code x}
     * from {@code offset}, written from {@code outOffset} on (the bits before it must stay zero).
     */
    static long[] batchPredictionBits(Predictor model, double[] x, int offset, int count, int outOffset) {
        int k = model.outputSize();
        long[] bits = new long[count * k];
        if (model instanceof FloatPredictor f) {
            float[] in = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                in[i] = (float) x[i];
            }
            float[] out = new float[outOffset + count * k];
            f.predictBatch(in, offset, count, out, outOffset);
            for (int i = 0; i < bits.length; i++) {
                bits[i] = Float.floatToRawIntBits(out[outOffset + i]);
            }
            for (int i = 0; i < outOffset; i++) {
                if (out[i] != 0) {
                    throw new AssertionError("predictBatch wrote before outOffset");
                }
            }
        } else {
            double[] out = new double[outOffset + count * k];
            ((DoublePredictor) model).predictBatch(x, offset, count, out, outOffset);
            for (int i = 0; i < bits.length; i++) {
                bits[i] = Double.doubleToRawLongBits(out[outOffset + i]);
            }
            for (int i = 0; i < outOffset; i++) {
                if (out[i] != 0) {
                    throw new AssertionError("predictBatch wrote before outOffset");
                }
            }
        }
        return bits;
    }

    /** The raw bits of {@code model}'s outputs for the input {@code x} (doubles, narrowed for a float model). */
    static long[] predictionBits(Predictor model, double[] x) {
        long[] bits = new long[model.outputSize()];
        if (model instanceof FloatPredictor f) {
            float[] in = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                in[i] = (float) x[i];
            }
            float[] out = new float[model.outputSize()];
            f.predict(in, 0, out);
            for (int k = 0; k < out.length; k++) {
                bits[k] = Float.floatToRawIntBits(out[k]);
            }
        } else {
            double[] out = new double[model.outputSize()];
            ((DoublePredictor) model).predict(x, 0, out);
            for (int k = 0; k < out.length; k++) {
                bits[k] = Double.doubleToRawLongBits(out[k]);
            }
        }
        return bits;
    }
}
