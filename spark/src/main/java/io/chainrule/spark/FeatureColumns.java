package io.chainrule.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a DataFrame holds a model's inputs: one vector column (Spark ML's {@code Vector}, dense or
 * sparse, as {@code VectorAssembler} makes it), or one numeric column per input, in input order.
 * Immutable and serializable.
 */
public final class FeatureColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String vectorColumn;
    private final List<String> columns;

    private FeatureColumns(String vectorColumn, List<String> columns) {
        this.vectorColumn = vectorColumn;
        this.columns = columns;
    }

    /** The inputs are the components of the vector column {@code name}. */
    public static FeatureColumns vector(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the vector column's name must not be empty");
        }
        return new FeatureColumns(name, Collections.<String>emptyList());
    }

    /** Input {@code j} is column {@code names[j]} (numeric: double, float, long, int, short or byte). */
    public static FeatureColumns of(String... names) {
        return of(Arrays.asList(names));
    }

    /** Input {@code j} is column {@code names.get(j)}. */
    public static FeatureColumns of(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no feature columns given");
        }
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a feature column's name is empty");
            }
        }
        return new FeatureColumns(null, Collections.unmodifiableList(new ArrayList<String>(names)));
    }

    /** True for a vector column. */
    public boolean isVector() {
        return vectorColumn != null;
    }

    /** The column names, as a message names them. */
    @Override
    public String toString() {
        if (isVector()) {
            return "vector column '" + vectorColumn + "'";
        }
        return columns.size() == 1 ? "column '" + columns.get(0) + "'"
                : columns.size() + " columns '" + columns.get(0) + "' .. '" + columns.get(columns.size() - 1) + "'";
    }

    /**
     * Checks the columns against {@code schema} and a model of {@code inputs} inputs, and returns
     * the reader of one row's features.
     *
     * @param role how messages name the DataFrame, for example "training DataFrame"
     * @throws IllegalArgumentException naming the column if one is missing or not numeric, or the
     *     number of columns is not the model's input size
     */
    RowReader resolve(StructType schema, int inputs, String role) {
        if (isVector()) {
            int ordinal = ordinal(schema, vectorColumn, role);
            DataType type = schema.fields()[ordinal].dataType();
            if (!(type instanceof VectorUDT)) {
                throw new IllegalArgumentException(role + ": column '" + vectorColumn + "' is of type "
                        + type.simpleString() + ", not a vector (org.apache.spark.ml.linalg.Vector)");
            }
            return RowReader.vector(vectorColumn, ordinal, inputs);
        }
        if (columns.size() != inputs) {
            throw new IllegalArgumentException(role + " has " + columns.size() + " feature columns ("
                    + shortList(columns) + ") but the model takes " + inputs + " inputs");
        }
        int[] ordinals = new int[inputs];
        int[] kinds = new int[inputs];
        for (int j = 0; j < inputs; j++) {
            String name = columns.get(j);
            ordinals[j] = ordinal(schema, name, role);
            kinds[j] = RowReader.numericKind(schema.fields()[ordinals[j]].dataType());
            if (kinds[j] < 0) {
                throw new IllegalArgumentException(role + ": feature column '" + name + "' is of type "
                        + schema.fields()[ordinals[j]].dataType().simpleString()
                        + ", not a number (double, float, long, int, short or byte)");
            }
        }
        return RowReader.columns(columns.toArray(new String[0]), ordinals, kinds);
    }

    /** The ordinal of column {@code name}, or an error listing the columns there are. */
    static int ordinal(StructType schema, String name, String role) {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(name)) {
                return i;
            }
        }
        List<String> names = new ArrayList<String>();
        for (StructField f : fields) {
            names.add(f.name());
        }
        throw new IllegalArgumentException(role + " has no column '" + name + "'; its columns are "
                + shortList(names));
    }

    /** At most 8 names, quoted, then how many more. */
    static String shortList(List<String> names) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size() && i < 8; i++) {
            s.append(i == 0 ? "" : ", ").append('\'').append(names.get(i)).append('\'');
        }
        if (names.size() > 8) {
            s.append(" and ").append(names.size() - 8).append(" more");
        }
        return s.toString();
    }

    /** The schema type of a vector column. */
    static DataType vectorType() {
        return new VectorUDT();
    }

    /** The schema type of a double column. */
    static DataType doubleType() {
        return DataTypes.DoubleType;
    }
}
