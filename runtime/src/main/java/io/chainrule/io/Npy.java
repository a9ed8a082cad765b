package io.chainrule.io;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * NumPy's {@code .npy} format for one array of floating-point numbers: what {@code numpy.save}
 * writes and {@code numpy.load} reads, and the entries of an {@link Npz} archive.
 *
 * <pre>
 * magic      "\x93NUMPY", then the version: 1.0 (header length uint16), 2.0 or 3.0 (uint32), little-endian
 * header     a Python dict literal, {'descr': '&lt;f4', 'fortran_order': False, 'shape': (16, 4), }, padded
 *            with spaces and ending in '\n' (Latin-1; UTF-8 in 3.0)
 * data       the values, row-major (column-major if fortran_order), in the byte order of descr
 * </pre>
 * Read: {@code descr} {@code <f2}, {@code <f4}, {@code <f8} and their big-endian twins ({@code >});
 * any rank; either order. A header over {@value #MAX_HEADER_BYTES} bytes, another type (integers,
 * strings, objects, structured types), a data length that does not match the shape, trailing bytes,
 * and NaN or infinite values are errors ({@link TensorFileException}). Written: version 1.0,
 * {@code <f4} or {@code <f8}, C order, the header laid out byte for byte as NumPy 1.24 writes it.
 */
public final class Npy {
    /** The largest header read (NumPy's own {@code np.load} refuses headers over 10,000 bytes by default). */
    public static final int MAX_HEADER_BYTES = 65536;


    private Npy() {
    }

    /** An array read from a .npy file: its shape and its values in row-major order, as double. */
    public static final class Array {
        private final long[] shape;
        private final double[] values;

        Array(long[] shape, double[] values) {
            this.shape = shape;
            this.values = values;
        }

        /** The shape, for example {@code [150, 4]}. */
        public long[] shape() {
            return shape.clone();
        }

        /** Every value, row-major (C order), whatever order the file used. */
        public double[] values() {
            return values;
        }

        /** The values as floats. */
        public float[] floatValues() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return f;
        }
    }

    /** Reads the .npy file {@code file}. */
    public static Array read(File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            return read(in, file.getPath());
        }
    }

    /** Reads one array from {@code in}, which must end after it; {@code source} names it in messages. */
    public static Array read(InputStream in, String source) throws IOException {
        InputStream data = new BufferedInputStream(in, TensorStreams.CHUNK);
        NpyHeader h = NpyHeader.read(data, source, null);
        long n = h.elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw new TensorFileException(source, null, "shape " + Text.shape(h.shape) + " has " + n
                    + " elements, more than a Java array holds");
        }
        double[] values = new double[(int) Math.min(n, TensorStreams.CHUNK)];
        byte[] buffer = new byte[TensorStreams.CHUNK];
        long k = 0;
        while (k < n) {
            int want = (int) Math.min((n - k) * h.dtype.size, buffer.length);
            int got = TensorStreams.readFully(data, buffer, want);
            if (got < want) {
                throw new TensorFileException(source, null, "truncated: the data ends after " + (k + got / h.dtype.size)
                        + " of the " + n + " values of shape " + Text.shape(h.shape));
            }
            if (k + want / h.dtype.size > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(n, Math.max(2L * values.length, k + want / h.dtype.size)));
            }
            for (int at = 0; at < want; at += h.dtype.size) {
                double v = h.dtype.decode(buffer, at, h.bigEndian);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new TensorFileException(source, null, "element " + Text.index(h.shape, h.rowMajorIndex(k)) + " is " + v
                            + "; values must be finite numbers");
                }
                values[(int) k] = v;
                k++;
            }
        }
        if (data.read() >= 0) {
            throw new TensorFileException(source, null, "unexpected data after the " + n + " values of shape "
                    + Text.shape(h.shape));
        }
        if (h.fortranOrder && h.shape.length > 1) {
            double[] rowMajor = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                rowMajor[h.rowMajorIndex(i)] = values[i];
            }
            values = rowMajor;
        }
        return new Array(h.shape, values);
    }

    /** Atomically writes {@code values} (row-major) of {@code shape} as a float32 .npy file. */
    public static void save(File file, final long[] shape, final float[] values) throws IOException {
        AtomicFile.write(file, new AtomicFile.Body() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(out, shape, values);
            }
        });
    }

    /** Atomically writes {@code values} (row-major) of {@code shape} as a float64 .npy file. */
    public static void save(File file, final long[] shape, final double[] values) throws IOException {
        AtomicFile.write(file, new AtomicFile.Body() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(out, shape, values);
            }
        });
    }

    /** Writes a float32 .npy array to {@code out} (not closed). */
    public static void write(OutputStream out, long[] shape, float[] values) throws IOException {
        checkSize(shape, values.length);
        out.write(NpyHeader.bytes(shape, "<f4"));
        byte[] buffer = new byte[TensorStreams.CHUNK];
        int filled = 0;
        for (float v : values) {
            if (filled + 4 > buffer.length) {
                out.write(buffer, 0, filled);
                filled = 0;
            }
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) {
                buffer[filled++] = (byte) (bits >>> (8 * i));
            }
        }
        out.write(buffer, 0, filled);
        out.flush();
    }

    /** Writes a float64 .npy array to {@code out} (not closed). */
    public static void write(OutputStream out, long[] shape, double[] values) throws IOException {
        checkSize(shape, values.length);
        out.write(NpyHeader.bytes(shape, "<f8"));
        byte[] buffer = new byte[TensorStreams.CHUNK];
        int filled = 0;
        for (double v : values) {
            if (filled + 8 > buffer.length) {
                out.write(buffer, 0, filled);
                filled = 0;
            }
            long bits = Double.doubleToRawLongBits(v);
            for (int i = 0; i < 8; i++) {
                buffer[filled++] = (byte) (bits >>> (8 * i));
            }
        }
        out.write(buffer, 0, filled);
        out.flush();
    }

    private static void checkSize(long[] shape, int length) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not "
                    + length);
        }
    }
}
