package io.chainrule.io;

import static io.chainrule.io.ModelFile.MAGIC;
import static io.chainrule.io.ModelFile.MAX_ARCHITECTURE_BYTES;
import static io.chainrule.io.ModelFile.MAX_PLAUSIBLE_VERSION;
import static io.chainrule.io.ModelFile.MAX_STRING_BYTES;
import static io.chainrule.io.ModelFile.SCALER_MIN_MAX;
import static io.chainrule.io.ModelFile.SCALER_NONE;
import static io.chainrule.io.ModelFile.SCALER_STANDARD;
import static io.chainrule.io.ModelFile.VERSION;
import static io.chainrule.io.ModelFile.schemaProblem;

import io.chainrule.DoublePredictor;
import io.chainrule.FloatPredictor;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import io.chainrule.data.Schema;
import io.chainrule.io.ModelFile.Contents;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * One load of a {@link ModelFile}: reads and checks everything (magic, version, architecture,
 * parameters, scaler, schema, checksum), then copies the parameters into the model, so a failed load
 * leaves the model as it was (null model: only the header is read).
 */
final class ModelFileLoad {
    private final Predictor model;
    private final String source;
    private final CRC32 crc = new CRC32();
    private DataInputStream data;
    private String part = "header";
    private int version;

    ModelFileLoad(Predictor model, String source) {
        this.model = model;
        this.source = source;
    }

    Contents run(InputStream in) throws IOException {
        int modelCount = layoutCount();
        String architecture = readHeader(in);

        part = "parameters";
        int valueSize = readByte();
        if (valueSize != 4 && valueSize != 8) {
            throw error("corrupted: value size " + valueSize + ", expected 4 or 8");
        }
        int count = readInt();
        if (count < 0) {
            throw error("corrupted: parameter count " + count);
        }
        boolean fits = count == modelCount && valueSize == model.precision().bytes();
        float[] floats = fits && valueSize == 4 ? new float[count] : null;
        double[] doubles = fits && valueSize == 8 ? new double[count] : null;
        for (int i = 0; i < count; i++) {
            if (floats != null) {
                floats[i] = Float.intBitsToFloat(readInt());
            } else if (doubles != null) {
                doubles[i] = Double.longBitsToDouble(readLong());
            } else {
                skip(valueSize);
            }
        }

        part = "scaler";
        int scalerKind = readByte();
        if (scalerKind < SCALER_NONE || scalerKind > SCALER_MIN_MAX) {
            throw error("corrupted: scaler kind " + scalerKind + ", expected 0, 1 or 2");
        }
        int features = 0;
        double[] center = null;
        double[] scale = null;
        if (scalerKind != SCALER_NONE) {
            features = readInt();
            if (features < 1) {
                throw error("corrupted: scaler feature count " + features);
            }
            if (features == model.inputSize()) {
                center = readDoubles(features);
                scale = readDoubles(features);
            } else {
                for (int i = 0; i < 2 * features; i++) {
                    skip(8);
                }
            }
        }

        Schema schema = null;
        if (version >= 2) {
            part = "schema";
            schema = readSchema();
        }

        part = "checksum";
        long computed = crc.getValue();
        long stored = readInt() & 0xffffffffL;
        if (stored != computed) {
            throw error("checksum mismatch: the file is corrupted (stored CRC-32 "
                    + Long.toHexString(stored) + ", computed " + Long.toHexString(computed) + ")");
        }
        if (data.read() >= 0) {
            throw error("unexpected data after the checksum (the file is longer than its contents)");
        }

        if (!architecture.equals(model.architecture())) {
            throw error("architecture mismatch: the file holds a model '" + architecture
                    + "' but this model is '" + model.architecture() + "'");
        }
        if (!fits) {
            throw error("the file holds " + count + " parameters of " + valueSize + " bytes but this model has "
                    + modelCount + " of " + model.precision().bytes() + " bytes");
        }
        Scaler scaler = Scaler.NONE;
        if (scalerKind != SCALER_NONE) {
            if (center == null) {
                throw error("the file's scaler is for " + features + " features but this model has "
                        + model.inputSize() + " inputs");
            }
            try {
                scaler = FeatureScaler.of(scalerKind == SCALER_STANDARD
                        ? FeatureScaler.Kind.STANDARD : FeatureScaler.Kind.MIN_MAX, center, scale);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(source, "invalid scaler: " + e.getMessage(), e);
            }
        }
        String problem = schemaProblem(model, schema);
        if (problem != null) {
            throw error(problem);
        }
        copyInto(floats, doubles);
        return new Contents(scaler, schema);
    }

    /** Reads the schema section; lists grow as their items arrive, so a damaged count costs no memory. */
    private Schema readSchema() throws IOException {
        int count = readInt();
        if (count < 1) {
            throw error("corrupted: schema column count " + count);
        }
        List<Schema.Column> columns = new ArrayList<Schema.Column>();
        for (int c = 0; c < count; c++) {
            String name = readString();
            int role = readByte();
            if (role >= Schema.Role.values().length) {
                throw error("corrupted: schema column role " + role);
            }
            int categoryCount = readInt();
            if (categoryCount < 0) {
                throw error("corrupted: schema category count " + categoryCount);
            }
            List<String> categories = new ArrayList<String>();
            for (int k = 0; k < categoryCount; k++) {
                categories.add(readString());
            }
            int fills = readByte();
            if (fills > 1) {
                throw error("corrupted: schema fill flag " + fills);
            }
            double fill = fills == 1 ? Double.longBitsToDouble(readLong()) : Double.NaN;
            int filled = readInt();
            try {
                columns.add(new Schema.Column(name, Schema.Role.values()[role],
                        categoryCount == 0 ? null : categories.toArray(new String[0]), fill, filled));
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(source, "corrupted schema: " + e.getMessage(), e);
            }
        }
        int classCount = readInt();
        if (classCount < 0) {
            throw error("corrupted: schema class count " + classCount);
        }
        List<String> classes = new ArrayList<String>();
        for (int k = 0; k < classCount; k++) {
            classes.add(readString());
        }
        int indices = readByte();
        if (indices > 1) {
            throw error("corrupted: schema class-index flag " + indices);
        }
        try {
            return new Schema(columns, classCount == 0 ? null : classes, indices == 1);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "corrupted schema: " + e.getMessage(), e);
        }
    }

    private String readString() throws IOException {
        int length = readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw error("corrupted: schema string length " + length);
        }
        byte[] bytes = new byte[length];
        readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads the magic bytes, the version and the architecture string; returns the latter. */
    String readHeader(InputStream in) throws IOException {
        data = new DataInputStream(new CheckedInputStream(new BufferedInputStream(in, 1 << 16), crc));
        checkMagic();
        version = readInt();
        if (version < 1 || version > MAX_PLAUSIBLE_VERSION) {
            throw error("corrupted: format version " + version + " is no version of this format; this runtime"
                    + " reads versions 1 and " + VERSION);
        }
        if (version > VERSION) {
            throw error("unsupported model file version " + version + "; this runtime reads versions 1 and "
                    + VERSION + " (the file was written by a newer Chainrule)");
        }

        part = "architecture";
        int length = readInt();
        if (length < 1 || length > MAX_ARCHITECTURE_BYTES) {
            throw error("corrupted: architecture length " + length);
        }
        byte[] architectureBytes = new byte[length];
        readFully(architectureBytes);
        return new String(architectureBytes, StandardCharsets.UTF_8);
    }

    /** The total length of the model's parameter arrays, which must equal its parameterCount(). */
    private int layoutCount() {
        long total = 0;
        if (model instanceof FloatPredictor) {
            for (float[] array : ((FloatPredictor) model).parameterArrays()) {
                total += array.length;
            }
        } else {
            for (double[] array : ((DoublePredictor) model).parameterArrays()) {
                total += array.length;
            }
        }
        if (total != model.parameterCount()) {
            throw new IllegalStateException("the parameter arrays of " + model.architecture() + " hold "
                    + total + " values but parameterCount() is " + model.parameterCount());
        }
        return (int) total;
    }

    private void copyInto(float[] floats, double[] doubles) {
        int k = 0;
        if (model.precision() == Precision.FLOAT) {
            for (float[] array : ((FloatPredictor) model).parameterArrays()) {
                System.arraycopy(floats, k, array, 0, array.length);
                k += array.length;
            }
        } else {
            for (double[] array : ((DoublePredictor) model).parameterArrays()) {
                System.arraycopy(doubles, k, array, 0, array.length);
                k += array.length;
            }
        }
    }

    private void checkMagic() throws IOException {
        byte[] magic = new byte[MAGIC.length];
        int got = 0;
        while (got < magic.length) {
            int r = data.read(magic, got, magic.length - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= got || magic[i] != MAGIC[i]) {
                StringBuilder hex = new StringBuilder();
                for (int j = 0; j < got; j++) {
                    hex.append(String.format("%02x ", magic[j] & 0xff));
                }
                throw error("not a Chainrule model file: it starts with bytes [" + hex.toString().trim()
                        + "], not 'CHRL'");
            }
        }
    }

    private double[] readDoubles(int n) throws IOException {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Double.longBitsToDouble(readLong());
        }
        return values;
    }

    private int readByte() throws IOException {
        try {
            return data.readUnsignedByte();
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    private int readInt() throws IOException {
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    private long readLong() throws IOException {
        try {
            return data.readLong();
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    private void readFully(byte[] bytes) throws IOException {
        try {
            data.readFully(bytes);
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    /** Reads and drops {@code n} bytes (they still count for the checksum). */
    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            readByte();
        }
    }

    private ModelFileException truncated(EOFException e) {
        return new ModelFileException(source, "truncated: the file ends in the " + part, e);
    }

    private ModelFileException error(String detail) {
        return new ModelFileException(source, detail);
    }
}
