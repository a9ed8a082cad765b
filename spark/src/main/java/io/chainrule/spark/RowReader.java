package io.chainrule.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a model's inputs (or a regression's targets) from Spark's internal rows without boxing:
 * resolved once per DataFrame by {@link FeatureColumns#resolve}, then called per row. A value that
 * is null or not finite, or a vector of another size, is reported as a problem code that
 * {@link #describe} turns into a message; the row is then not used.
 */
final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No problem. */
    static final int OK = -1;
    private static final int NULL = 0;
    private static final int NOT_FINITE = 1;
    private static final int SIZE = 2;

    private static final int DOUBLE = 0;
    private static final int FLOAT = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int SHORT = 4;
    private static final int BYTE = 5;

    private final String[] names;
    private final int[] ordinals;
    private final int[] kinds;
    private final int size;
    private final boolean vector;

    private RowReader(String[] names, int[] ordinals, int[] kinds, int size, boolean vector) {
        this.names = names;
        this.ordinals = ordinals;
        this.kinds = kinds;
        this.size = size;
        this.vector = vector;
    }

    static RowReader vector(String name, int ordinal, int size) {
        return new RowReader(new String[] {name}, new int[] {ordinal}, null, size, true);
    }

    static RowReader columns(String[] names, int[] ordinals, int[] kinds) {
        return new RowReader(names, ordinals, kinds, names.length, false);
    }

    /** How {@link #read} reads a column of {@code type}, or -1 if it is not numeric. */
    static int numericKind(DataType type) {
        if (type.equals(DataTypes.DoubleType)) {
            return DOUBLE;
        } else if (type.equals(DataTypes.FloatType)) {
            return FLOAT;
        } else if (type.equals(DataTypes.LongType)) {
            return LONG;
        } else if (type.equals(DataTypes.IntegerType)) {
            return INT;
        } else if (type.equals(DataTypes.ShortType)) {
            return SHORT;
        } else if (type.equals(DataTypes.ByteType)) {
            return BYTE;
        }
        return -1;
    }

    /** Values per row. */
    int size() {
        return size;
    }

    /** The ordinals of the columns read (one for a vector). */
    int[] ordinals() {
        return ordinals.clone();
    }

    /** Column {@code j}'s value in {@code row}, as a double; NaN for null. */
    private double value(InternalRow row, int j) {
        int ordinal = ordinals[j];
        switch (kinds[j]) {
            case DOUBLE: return row.getDouble(ordinal);
            case FLOAT: return row.getFloat(ordinal);
            case LONG: return row.getLong(ordinal);
            case INT: return row.getInt(ordinal);
            case SHORT: return row.getShort(ordinal);
            default: return row.getByte(ordinal);
        }
    }

    /**
     * Writes the row's {@link #size()} values to {@code out[offset ..]} (as floats).
     *
     * @return {@link #OK}, or a problem code for {@link #describe}
     */
    int read(InternalRow row, float[] out, int offset) {
        if (vector) {
            return readVector(row, out, null, offset);
        }
        for (int j = 0; j < size; j++) {
            if (row.isNullAt(ordinals[j])) {
                return code(j, NULL);
            }
            double v = value(row, j);
            float f = (float) v;
            if (Math.abs(f) > Float.MAX_VALUE || f != f) {
                return code(j, NOT_FINITE);
            }
            out[offset + j] = f;
        }
        return OK;
    }

    /** The double twin of {@link #read(InternalRow, float[], int)}. */
    int read(InternalRow row, double[] out, int offset) {
        if (vector) {
            return readVector(row, null, out, offset);
        }
        for (int j = 0; j < size; j++) {
            if (row.isNullAt(ordinals[j])) {
                return code(j, NULL);
            }
            double v = value(row, j);
            if (Math.abs(v) > Double.MAX_VALUE || v != v) {
                return code(j, NOT_FINITE);
            }
            out[offset + j] = v;
        }
        return OK;
    }

    private int readVector(InternalRow row, float[] f, double[] d, int offset) {
        int ordinal = ordinals[0];
        if (row.isNullAt(ordinal)) {
            return code(0, NULL);
        }
        InternalRow v = row.getStruct(ordinal, 4);
        boolean dense = v.getByte(0) == 1;
        ArrayData values = v.getArray(3);
        int n = dense ? values.numElements() : v.getInt(1);
        if (n != size) {
            return code(n, SIZE);
        }
        if (dense) {
            for (int k = 0; k < n; k++) {
                if (!put(values.getDouble(k), f, d, offset + k)) {
                    return code(k, NOT_FINITE);
                }
            }
            return OK;
        }
        for (int k = 0; k < n; k++) {
            put(0, f, d, offset + k);
        }
        ArrayData indices = v.getArray(2);
        for (int e = 0; e < indices.numElements(); e++) {
            int k = indices.getInt(e);
            if (!put(values.getDouble(e), f, d, offset + k)) {
                return code(k, NOT_FINITE);
            }
        }
        return OK;
    }

    /** Stores {@code x} as float or double; false if it is not finite there. */
    private static boolean put(double x, float[] f, double[] d, int at) {
        if (f != null) {
            float v = (float) x;
            f[at] = v;
            return Math.abs(v) <= Float.MAX_VALUE;
        }
        d[at] = x;
        return Math.abs(x) <= Double.MAX_VALUE;
    }

    private static int code(int j, int kind) {
        return j * 4 + kind;
    }

    /**
     * What problem {@code code} is, for a message: for example {@code column 'x3' is null} or
     * {@code component 5 of vector column 'features' is NaN}.
     */
    String describe(int code, InternalRow row) {
        int j = code / 4;
        int kind = code % 4;
        if (vector) {
            String column = "vector column '" + names[0] + "'";
            if (kind == NULL) {
                return column + " is null";
            }
            if (kind == SIZE) {
                return column + " has " + j + " components but " + size + " are needed";
            }
            return "component " + j + " of " + column + " is " + componentValue(row, j)
                    + "; every value must be a finite number";
        }
        String column = "column '" + names[j] + "'";
        if (kind == NULL) {
            return column + " is null";
        }
        double v = value(row, j);
        return column + " is " + v + (Math.abs(v) <= Double.MAX_VALUE ? " (not finite as a float)" : "")
                + "; every value must be a finite number";
    }

    private double componentValue(InternalRow row, int k) {
        InternalRow v = row.getStruct(ordinals[0], 4);
        ArrayData values = v.getArray(3);
        if (v.getByte(0) == 1) {
            return values.getDouble(k);
        }
        ArrayData indices = v.getArray(2);
        for (int e = 0; e < indices.numElements(); e++) {
            if (indices.getInt(e) == k) {
                return values.getDouble(e);
            }
        }
        return 0;
    }
}
