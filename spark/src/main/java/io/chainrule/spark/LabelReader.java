package io.chainrule.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a class label from Spark's internal rows: a column of integers, or of doubles holding whole
 * numbers (Spark MLlib's convention), from 0 to the model's class count - 1.
 */
final class LabelReader implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Returned by {@link #read} for a row whose label is unusable; {@link #describe} says why. */
    static final int BAD = -1;

    private final String name;
    private final int ordinal;
    private final int kind;
    private final int classes;

    private LabelReader(String name, int ordinal, int kind, int classes) {
        this.name = name;
        this.ordinal = ordinal;
        this.kind = kind;
        this.classes = classes;
    }

    /**
     * The reader of column {@code name} for a model of {@code classes} classes.
     *
     * @throws IllegalArgumentException if the column is missing or not numeric
     */
    static LabelReader resolve(StructType schema, String name, int classes, String role) {
        int ordinal = FeatureColumns.ordinal(schema, name, role);
        DataType type = schema.fields()[ordinal].dataType();
        int kind = RowReader.numericKind(type);
        if (kind < 0) {
            throw new IllegalArgumentException(role + ": label column '" + name + "' is of type " + type.simpleString()
                    + ", not a number; labels are class indices 0 .. " + (classes - 1));
        }
        return new LabelReader(name, ordinal, kind, classes);
    }

    int ordinal() {
        return ordinal;
    }

    private double value(InternalRow row) {
        switch (kind) {
            case 0: return row.getDouble(ordinal);
            case 1: return row.getFloat(ordinal);
            case 2: return row.getLong(ordinal);
            case 3: return row.getInt(ordinal);
            case 4: return row.getShort(ordinal);
            default: return row.getByte(ordinal);
        }
    }

    /** The row's class index, or {@link #BAD}. */
    int read(InternalRow row) {
        if (row.isNullAt(ordinal)) {
            return BAD;
        }
        double v = value(row);
        return v >= 0 && v < classes && v == Math.rint(v) ? (int) v : BAD;
    }

    /** Why the row's label is unusable. */
    String describe(InternalRow row) {
        if (row.isNullAt(ordinal)) {
            return "label column '" + name + "' is null";
        }
        return "label column '" + name + "' is " + value(row) + ", not a class of the model (0 .. " + (classes - 1)
                + ")";
    }
}
