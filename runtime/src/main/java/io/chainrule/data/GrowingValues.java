package io.chainrule.data;

import io.chainrule.Precision;
import java.util.Arrays;

/** Values of one precision in a growing array, filled row by row, trimmed when taken. */
final class GrowingValues {
    private float[] floats;
    private double[] doubles;
    private int size;

    GrowingValues(Precision precision) {
        this(precision, 256);
    }

    GrowingValues(Precision precision, long capacity) {
        int n = (int) Math.max(16, Math.min(capacity, Integer.MAX_VALUE - 8));
        if (precision == Precision.FLOAT) {
            floats = new float[n];
        } else {
            doubles = new double[n];
        }
    }

    boolean isFloat() {
        return floats != null;
    }

    /** Sets value {@code index} (in the current row or the next), growing the array as needed. */
    void set(long index, float v) {
        if (floats == null) {
            set(index, (double) v);
            return;
        }
        while (index >= floats.length) {
            floats = Arrays.copyOf(floats, grow(floats.length));
        }
        floats[(int) index] = v;
        size = Math.max(size, (int) index + 1);
    }

    /** Sets value {@code index} (rounded to float in a float array), growing the array as needed. */
    void set(long index, double v) {
        if (floats != null) {
            set(index, (float) v);
            return;
        }
        while (index >= doubles.length) {
            doubles = Arrays.copyOf(doubles, grow(doubles.length));
        }
        doubles[(int) index] = v;
        size = Math.max(size, (int) index + 1);
    }

    double get(long index) {
        return floats != null ? floats[(int) index] : doubles[(int) index];
    }

    float[] floats() {
        return Arrays.copyOf(floats, size);
    }

    double[] doubles() {
        return Arrays.copyOf(doubles, size);
    }

    /** The next capacity of a growing array: 1.5 times, at most the largest array size. */
    static int grow(int capacity) {
        long next = capacity + (capacity >> 1) + 16L;
        int max = Integer.MAX_VALUE - 8;
        if (capacity >= max) {
            throw new OutOfMemoryError("more than " + max + " values do not fit in one array");
        }
        return (int) Math.min(next, max);
    }
}
