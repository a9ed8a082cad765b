package io.chainrule.io;

import io.chainrule.DoublePredictor;
import io.chainrule.FloatPredictor;
import io.chainrule.Predictor;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import io.chainrule.data.Schema;

import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Saves and loads a model's parameters, with the {@link Scaler} its inputs need, in a small
 * versioned binary format (conventionally with the extension {@code .chrl}). Any
 * {@link Predictor} can be saved and loaded: the training class of a network and its
 * inference-only class ({@link io.chainrule.Inference}) have the same architecture string and
 * parameter layout, so a file saved from one loads into the other.
 *
 * <pre>{@code
 * ModelFile.save(model, scaler, new File("digits.chrl"));
 * DigitsModel restored = new DigitsModel();
 * Scaler scaler = ModelFile.load(restored, new File("digits.chrl"));
 * }</pre>
 *
 * <h2>Format, version 1</h2>
 * Big-endian, as written by {@code DataOutputStream}:
 * <pre>
 * magic          4 bytes   'C' 'H' 'R' 'L'
 * version        int32     1
 * architecture   int32 n (1..65535), then n bytes: {@link Predictor#architecture()} in UTF-8
 * value size     int8      4 (float32 parameters) or 8 (float64 parameters)
 * count          int32     number of parameters, {@link Predictor#parameterCount()}
 * parameters     count values, the arrays of parameterArrays() one after the other, in order
 * scaler kind    int8      0 none, 1 standardisation, 2 min-max
 *   (kind != 0)  int32 f, then f float64 centers, then f float64 scales ({@link FeatureScaler})
 * checksum       int32     CRC-32 of every byte before it
 * </pre>
 *
 * <h2>Format, version 2</h2>
 * Version 1 with the model's {@link Schema} (how the columns of its training table became its
 * inputs, and its class names) between the scaler and the checksum; a model saved without a
 * schema is written as version 1, byte for byte as before. A string is an int32 n (0..65535) and
 * n bytes of UTF-8.
 * <pre>
 * columns        int32 c, then c columns:
 *   name         string
 *   role         int8      0 feature, 1 label, 2 target, 3 ignored ({@link Schema.Role})
 *   categories   int32 k (0: a number), then k strings
 *   fill         int8 0 (missing values are errors) or 1, then float64 (the number or category index)
 *   filled       int32     missing values filled when the training data were read
 * classes        int32 k (0: regression), then k strings
 * class indices  int8      1 if the labels were class indices, 0 if names
 * </pre>
 *
 * <h2>Loading</h2>
 * A load checks, and reports as a {@link ModelFileException} naming the file: the magic bytes, the
 * version, that the file is complete (not truncated) and its checksum (not corrupted), that
 * nothing follows the checksum, and only then that the architecture and parameter count equal
 * the model's and that the scaler fits its input size. The parameters are read into a temporary
 * array and copied into the model only when every check has passed, so a failed load leaves the
 * model as it was. A version of 3 to 255 is a newer format; any other value than 1 and 2 is
 * reported as corruption. Nothing is allocated for a length read from the file before it is bounded: the
 * architecture string has at most 65535 bytes, and the parameters and the scaler are read into
 * arrays only when their counts equal the model's (otherwise they are read past, up to the
 * checksum), so a damaged count costs a read to the end of the file, never memory.
 *
 * <h2>Saving</h2>
 * {@link #save(Predictor, Scaler, File)} writes the file through {@link AtomicFile}: the target is
 * either the old file or the complete new one (see there for the caveats on Windows and after a
 * power loss).
 */
public final class ModelFile {
    /** The first four bytes of every model file. */
    static final byte[] MAGIC = {'C', 'H', 'R', 'L'};
    /**
     * The newest format version this class writes and reads (it writes version 1 for a model saved
     * without a schema, and reads both).
     */
    public static final int VERSION = 2;
    static final int VERSION_WITHOUT_SCHEMA = 1;
    static final int MAX_STRING_BYTES = 65535;

    /** Versions above this are not a newer format but a damaged version field. */
    static final int MAX_PLAUSIBLE_VERSION = 255;
    static final int MAX_ARCHITECTURE_BYTES = 65535;
    static final int SCALER_NONE = 0;
    static final int SCALER_STANDARD = 1;
    static final int SCALER_MIN_MAX = 2;

    private ModelFile() {
    }

    /** Saves {@code model} without a scaler; same as {@code save(model, Scaler.NONE, file)}. */
    public static void save(Predictor model, File file) throws IOException {
        save(model, Scaler.NONE, file);
    }

    /**
     * Atomically writes {@code model}'s parameters and {@code scaler} (either {@link Scaler#NONE}
     * or a {@link FeatureScaler} fitted on {@code model.inputSize()} features) to {@code file}, whose
     * directory must exist. On failure the temporary file is deleted and an existing {@code file}
     * is left unchanged.
     */
    public static void save(Predictor model, Scaler scaler, File file) throws IOException {
        save(model, scaler, null, file);
    }

    /**
     * Atomically writes {@code model}'s parameters, {@code scaler} and {@code schema} (the
     * {@link io.chainrule.data.Dataset#schema()} of its training data, or null for none) to
     * {@code file}, as {@link #save(Predictor, Scaler, File)} does; {@link #loadContents} returns them.
     * The schema must describe the model's inputs (as many as it has) and outputs (a class name
     * for each class at most the model's class count, or one target column per output).
     */
    public static void save(final Predictor model, final Scaler scaler, final Schema schema, File file) throws IOException {
        checkScaler(model, scaler);
        checkSchema(model, schema);
        AtomicFile.write(file, new AtomicFile.Body() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(model, scaler, schema, out);
            }
        });
    }

    /**
     * Writes the model file to {@code out} and flushes it, without closing it (no atomicity: use
     * this for streams such as an Android {@code openFileOutput}).
     */
    public static void write(Predictor model, Scaler scaler, OutputStream out) throws IOException {
        write(model, scaler, null, out);
    }

    /**
     * Writes the model file with {@code schema} (or none, if null) to {@code out} and flushes it,
     * without closing it; see {@link #save(Predictor, Scaler, Schema, File)}.
     */
    public static void write(Predictor model, Scaler scaler, Schema schema, OutputStream out) throws IOException {
        checkScaler(model, scaler);
        checkSchema(model, schema);
        CRC32 crc = new CRC32();
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
        data.write(MAGIC);
        data.writeInt(schema == null ? VERSION_WITHOUT_SCHEMA : VERSION);
        byte[] architecture = architectureBytes(model.architecture());
        data.writeInt(architecture.length);
        data.write(architecture);
        data.writeByte(model.precision().bytes());
        data.writeInt(model.parameterCount());
        long written = 0;
        if (model instanceof FloatPredictor) {
            for (float[] array : ((FloatPredictor) model).parameterArrays()) {
                for (float v : array) {
                    data.writeFloat(v);
                }
                written += array.length;
            }
        } else {
            for (double[] array : ((DoublePredictor) model).parameterArrays()) {
                for (double v : array) {
                    data.writeDouble(v);
                }
                written += array.length;
            }
        }
        if (written != model.parameterCount()) {
            throw new IllegalStateException("the parameter arrays of " + model.architecture() + " hold "
                    + written + " values but parameterCount() is " + model.parameterCount());
        }
        if (scaler instanceof FeatureScaler) {
            FeatureScaler s = (FeatureScaler) scaler;
            data.writeByte(s.kind() == FeatureScaler.Kind.STANDARD ? SCALER_STANDARD : SCALER_MIN_MAX);
            data.writeInt(s.featureCount());
            for (int j = 0; j < s.featureCount(); j++) {
                data.writeDouble(s.center(j));
            }
            for (int j = 0; j < s.featureCount(); j++) {
                data.writeDouble(s.scale(j));
            }
        } else {
            data.writeByte(SCALER_NONE);
        }
        if (schema != null) {
            writeSchema(schema, data);
        }
        data.flush();
        int checksum = (int) crc.getValue();
        new DataOutputStream(out).writeInt(checksum);
        out.flush();
    }

    /** What a model file holds besides the parameters: the scaler and the schema. */
    public static final class Contents {
        private final Scaler scaler;
        private final Schema schema;

        Contents(Scaler scaler, Schema schema) {
            this.scaler = scaler;
            this.schema = schema;
        }

        /** The scaler of the model's inputs ({@link Scaler#NONE} if none was saved). */
        public Scaler scaler() {
            return scaler;
        }

        /** The schema of the model's training table, or null if none was saved. */
        public Schema schema() {
            return schema;
        }

        /** The name of class {@code c}: from the schema, else its index as text. */
        public String className(int c) {
            return schema != null ? schema.className(c) : Integer.toString(c);
        }
    }

    /**
     * Loads {@code file} into {@code model}, as {@link #load(Predictor, File)} does, and returns the
     * stored scaler and schema: with the schema's {@link Schema#reader()} and the scaler, new rows
     * of the training table, raw as they are, become the model's inputs.
     */
    public static Contents loadContents(Predictor model, File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            return loadContents(model, in, file.getPath());
        }
    }

    /** {@link #loadContents(Predictor, File)} from a stream, read to its end but not closed. */
    public static Contents loadContents(Predictor model, InputStream in, String sourceName) throws IOException {
        return new ModelFileLoad(model, sourceName).run(in);
    }

    /** Loads {@code file} into {@code model} and returns the stored scaler (or {@link Scaler#NONE}). */
    public static Scaler load(Predictor model, File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            return load(model, in, file.getPath());
        }
    }

    /**
     * Loads the model file read from {@code in} (to its end; not closed) into {@code model} and
     * returns the stored scaler; {@code sourceName} names the stream in error messages.
     */
    public static Scaler load(Predictor model, InputStream in, String sourceName) throws IOException {
        return new ModelFileLoad(model, sourceName).run(in).scaler();
    }

    /**
     * Loads a classpath resource (for example a model bundled in the application jar or an
     * Android app's Java resources) with the class loader of {@code model}'s class;
     * {@code resourceName} is a path such as {@code models/digits.chrl} (a leading {@code /} is
     * ignored).
     */
    public static Scaler loadResource(Predictor model, String resourceName) throws IOException {
        ClassLoader loader = model.getClass().getClassLoader();
        return loadResource(model, loader != null ? loader : ClassLoader.getSystemClassLoader(), resourceName);
    }

    /** Loads a classpath resource found by {@code loader}; see {@link #loadResource(Predictor, String)}. */
    public static Scaler loadResource(Predictor model, ClassLoader loader, String resourceName) throws IOException {
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new FileNotFoundException("classpath resource " + name + " not found");
        }
        try {
            return load(model, in, "classpath resource " + name);
        } finally {
            in.close();
        }
    }

    /**
     * The architecture string ({@link Predictor#architecture()}) of the model saved in {@code file}, read
     * from its header without loading it, so an application can choose the model class to load it
     * into. Only the magic bytes and the version are checked here; {@link #load(Predictor, File)} checks
     * the rest.
     */
    public static String readArchitecture(File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            return new ModelFileLoad(null, file.getPath()).readHeader(in);
        }
    }

    private static void checkScaler(Predictor model, Scaler scaler) {
        if (scaler == null) {
            throw new NullPointerException("scaler (use Scaler.NONE for none)");
        }
        if (scaler instanceof FeatureScaler) {
            int features = ((FeatureScaler) scaler).featureCount();
            if (features != model.inputSize()) {
                throw new IllegalArgumentException("the scaler was fitted on " + features
                        + " features but the model has " + model.inputSize() + " inputs");
            }
        } else if (scaler != Scaler.NONE) {
            throw new IllegalArgumentException("only Scaler.NONE and FeatureScaler can be saved, not "
                    + scaler.getClass().getName());
        }
    }

    private static void checkSchema(Predictor model, Schema schema) {
        String problem = schemaProblem(model, schema);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code schema} does not describe {@code model}'s inputs and outputs, or null if it does (or is null). */
    static String schemaProblem(Predictor model, Schema schema) {
        if (schema == null) {
            return null;
        }
        if (schema.featureCount() != model.inputSize()) {
            return "the schema describes " + schema.featureCount() + " inputs but the model has " + model.inputSize();
        }
        if (model.loss().takesClassIndex()) {
            if (!schema.hasLabels()) {
                return "the schema has no label column but the model classifies";
            }
            if (schema.classNames().size() > model.classCount()) {
                return "the schema names " + schema.classNames().size() + " classes but the model distinguishes "
                        + model.classCount();
            }
        } else if (schema.targetColumns().size() != model.outputSize()) {
            return "the schema has " + schema.targetColumns().size() + " target columns but the model has "
                    + model.outputSize() + " outputs";
        }
        return null;
    }

    private static void writeSchema(Schema schema, DataOutputStream data) throws IOException {
        data.writeInt(schema.columns().size());
        for (Schema.Column column : schema.columns()) {
            writeString(column.name(), data);
            data.writeByte(column.role().ordinal());
            data.writeInt(column.categories().size());
            for (String category : column.categories()) {
                writeString(category, data);
            }
            data.writeByte(column.fillsMissing() ? 1 : 0);
            if (column.fillsMissing()) {
                data.writeDouble(column.fill());
            }
            data.writeInt(column.filled());
        }
        data.writeInt(schema.classNames().size());
        for (String name : schema.classNames()) {
            writeString(name, data);
        }
        data.writeByte(schema.classIndices() ? 1 : 0);
    }

    private static void writeString(String s, DataOutputStream data) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a schema name of " + bytes.length + " bytes; at most "
                    + MAX_STRING_BYTES + " can be saved");
        }
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static byte[] architectureBytes(String architecture) {
        byte[] bytes = architecture.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_ARCHITECTURE_BYTES) {
            throw new IllegalArgumentException("architecture string of " + bytes.length
                    + " bytes; it must have 1 to " + MAX_ARCHITECTURE_BYTES);
        }
        return bytes;
    }
}
