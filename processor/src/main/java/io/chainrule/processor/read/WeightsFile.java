package io.chainrule.processor.read;

import io.chainrule.Activation;
import io.chainrule.DoublePredictor;
import io.chainrule.FloatPredictor;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.io.ModelFileException;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.spec.CompiledWeights;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * The model file an inference class compiles in: found through the {@code Filer} (source path,
 * class path, class output), then read and checked by the runtime's own loader,
 * {@link ModelFile#load(Predictor, InputStream, String)}, into a blank predictor of the network:
 * the magic bytes, the version, completeness, the CRC-32, the architecture string (which names
 * the layers, loss and precision) and the parameter count, exactly as a load at run time checks
 * them.
 */
final class WeightsFile {
    /**
     * Most bytes of parameters compiled into one class: a class file of about 19 MB, twice the
     * largest tested (1,000,000 doubles; {@code CompiledWeightsTest}). Larger models belong in a
     * file the app loads, not in its code.
     */
    static final long MAX_BYTES = 16L << 20;

    /** Where the file is looked for, in this order. */
    private static final List<JavaFileManager.Location> LOCATIONS = List.of(StandardLocation.SOURCE_PATH,
            StandardLocation.CLASS_PATH, StandardLocation.CLASS_OUTPUT);

    private WeightsFile() {
    }

    /** Why a model file cannot be compiled in, as the message to report on {@code weights}. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads the model file {@code resource} for the network of {@code plan}. */
    static CompiledWeights read(Filer filer, String resource, NetworkPlan plan) throws Problem {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        if (!validName(name)) {
            throw new Problem(Messages.weightsInvalidName(resource));
        }
        long bytes = plan.parameters() * plan.precision().bytes();
        if (bytes > MAX_BYTES) {
            throw new Problem(Messages.weightsTooLarge(resource, bytes, MAX_BYTES));
        }
        for (JavaFileManager.Location location : LOCATIONS) {
            FileObject file;
            InputStream in;
            try {
                file = filer.getResource(location, "", name);
                in = file.openInputStream();
            } catch (FileNotFoundException | NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new Problem(Messages.weightsUnreadable(resource, String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                // a file manager's refusal (such as of a directory), which javac wraps in an exception of its own
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new Problem(Messages.weightsUnreadable(resource, String.valueOf(cause.getMessage())));
            }
            try (InputStream stream = in) {
                return load(resource, plan, stream, describe(file.toUri()));
            } catch (ModelFileException e) {
                throw new Problem(Messages.weightsInvalid(resource, e.getMessage() + precisionHint(e, plan)));
            } catch (IOException e) {
                throw new Problem(Messages.weightsUnreadable(resource, String.valueOf(e.getMessage())));
            }
        }
        throw new Problem(Messages.weightsNotFound(resource));
    }

    private static CompiledWeights load(String resource, NetworkPlan plan, InputStream in, String source)
            throws IOException {
        if (plan.precision() == Precision.FLOAT) {
            FloatBlank blank = new FloatBlank(plan);
            Scaler scaler = ModelFile.load(blank, in, source);
            return new CompiledWeights(resource, blank.values, null, scaler(scaler));
        }
        DoubleBlank blank = new DoubleBlank(plan);
        Scaler scaler = ModelFile.load(blank, in, source);
        return new CompiledWeights(resource, null, blank.values, scaler(scaler));
    }

    private static Optional<FeatureScaler> scaler(Scaler scaler) {
        return scaler instanceof FeatureScaler ? Optional.of((FeatureScaler) scaler) : Optional.empty();
    }

    /**
     * A relative path of non-empty parts, none of them {@code .} or {@code ..}, with {@code /}
     * between them: what every file manager and class loader resolves the same way. No control
     * characters and no comment end: the name is quoted in the generated class's comments.
     */
    private static boolean validName(String name) {
        if (name.isEmpty() || name.contains("\\") || name.contains(":") || name.contains("*/")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** A file's path, or its URI when it is not a plain file (in a jar, in memory). */
    private static String describe(URI uri) {
        if ("file".equals(uri.getScheme())) {
            try {
                return Paths.get(uri).toString();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return uri.toString();
            }
        }
        return uri.toString();
    }

    /** A hint when the file's architecture is the network's in the other precision. */
    private static String precisionHint(ModelFileException e, NetworkPlan plan) {
        String architecture = plan.architecture();
        String own = plan.precision().name().toLowerCase(Locale.ROOT);
        Precision other = plan.precision() == Precision.FLOAT ? Precision.DOUBLE : Precision.FLOAT;
        String otherName = other.name().toLowerCase(Locale.ROOT);
        String inOther = architecture.substring(0, architecture.length() - own.length()) + otherName;
        return String.valueOf(e.getMessage()).contains("'" + inOther + "'")
                ? Messages.weightsPrecisionHint(otherName, own) : "";
    }

    /** A predictor of the network's shape and architecture whose parameters are one flat array. */
    private abstract static class Blank implements Predictor {
        private final NetworkPlan plan;

        Blank(NetworkPlan plan) {
            this.plan = plan;
        }

        @Override
        public int inputSize() {
            return plan.inputs();
        }

        @Override
        public int outputSize() {
            return plan.outputs();
        }

        @Override
        public int parameterCount() {
            return (int) plan.parameters();
        }

        @Override
        public int layerCount() {
            return plan.depth();
        }

        @Override
        public int layerSize(int layer) {
            return layer == 0 ? plan.inputs() : plan.layer(layer).units();
        }

        @Override
        public Activation activation(int layer) {
            return plan.layer(layer).activation();
        }

        @Override
        public Loss loss() {
            return plan.loss();
        }

        @Override
        public Precision precision() {
            return plan.precision();
        }

        @Override
        public int classCount() {
            return plan.loss().classCount(plan.outputs());
        }

        @Override
        public String architecture() {
            return plan.architecture();
        }
    }

    private static final class FloatBlank extends Blank implements FloatPredictor {
        final float[] values;
        private final float[][] arrays;

        FloatBlank(NetworkPlan plan) {
            super(plan);
            values = new float[(int) plan.parameters()];
            arrays = new float[][] {values};
        }

        @Override
        public float[][] parameterArrays() {
            return arrays;
        }

        @Override
        public void predict(float[] x, int offset, float[] out) {
            throw new UnsupportedOperationException("a blank that only receives a model file's parameters");
        }
    }

    private static final class DoubleBlank extends Blank implements DoublePredictor {
        final double[] values;
        private final double[][] arrays;

        DoubleBlank(NetworkPlan plan) {
            super(plan);
            values = new double[(int) plan.parameters()];
            arrays = new double[][] {values};
        }

        @Override
        public double[][] parameterArrays() {
            return arrays;
        }

        @Override
        public void predict(double[] x, int offset, double[] out) {
            throw new UnsupportedOperationException("a blank that only receives a model file's parameters");
        }
    }
}
