package io.chainrule.io;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK = 1 << 16;

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
        InputStream data = new BufferedInputStream(in, CHUNK);
        Header h = Header.read(data, source, null);
        long n = h.elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw new TensorFileException(source, null, "shape " + Text.shape(h.shape) + " has " + n
                    + " elements, more than a Java array holds");
        }
        double[] values = new double[(int) Math.min(n, CHUNK)];
        byte[] buffer = new byte[CHUNK];
        long k = 0;
        while (k < n) {
            int want = (int) Math.min((n - k) * h.dtype.size, buffer.length);
            int got = Safetensors.readFully(data, buffer, want);
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
        out.write(header(shape, "<f4"));
        byte[] buffer = new byte[CHUNK];
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
        out.write(header(shape, "<f8"));
        byte[] buffer = new byte[CHUNK];
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

    /**
     * The magic, version 1.0, header length and header of an array, byte for byte as
     * {@code numpy.save} (1.24) writes them: the dict, spaces for the first dimension to grow to 21
     * digits, then spaces and a newline up to a multiple of 64 bytes.
     */
    static byte[] header(long[] shape, String descr) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int d = 0; d < shape.length; d++) {
            dict.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            for (int i = Long.toString(shape[0]).length(); i < 21; i++) {
                dict.append(' ');
            }
        }
        int pad = 64 - (MAGIC.length + 4 + dict.length() + 1) % 64;
        for (int i = 0; i < pad; i++) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (text.length > 65535) {
            throw new IllegalArgumentException("a shape of " + shape.length + " dimensions does not fit a .npy 1.0 header");
        }
        byte[] out = new byte[MAGIC.length + 4 + text.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    /** A parsed and checked .npy header. */
    static final class Header {
        final DType dtype;
        final boolean bigEndian;
        final boolean fortranOrder;
        /** The array's shape (the same in either order). */
        final long[] shape;
        /** Row-major strides of the shape. */
        private final long[] strides;

        private Header(DType dtype, boolean bigEndian, boolean fortranOrder, long[] shape) {
            this.dtype = dtype;
            this.bigEndian = bigEndian;
            this.fortranOrder = fortranOrder;
            this.shape = shape;
            this.strides = new long[shape.length];
            long stride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
        }

        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The row-major index of the {@code k}-th value stored. */
        int rowMajorIndex(long k) {
            if (!fortranOrder || shape.length < 2) {
                return (int) k;
            }
            // Fortran order: the first index varies fastest
            long rest = k;
            long index = 0;
            for (int d = 0; d < shape.length; d++) {
                long i = rest % shape[d];
                rest /= shape[d];
                index += i * strides[d];
            }
            return (int) index;
        }

        /**
         * Reads the magic, version and header of one array from {@code in}; {@code tensor} names
         * the array in messages (null for a single .npy file).
         */
        static Header read(InputStream in, String source, String tensor) throws IOException {
            byte[] prefix = new byte[8];
            int got = Safetensors.readFully(in, prefix, 8);
            for (int i = 0; i < MAGIC.length; i++) {
                if (i >= got || prefix[i] != MAGIC[i]) {
                    throw new TensorFileException(source, tensor, "not a .npy array: it does not start with \\x93NUMPY");
                }
            }
            if (got < 8) {
                throw new TensorFileException(source, tensor, "truncated: the .npy header ends after " + got + " bytes");
            }
            int major = prefix[6] & 0xff;
            int minor = prefix[7] & 0xff;
            if (major < 1 || major > 3 || minor != 0) {
                throw new TensorFileException(source, tensor, "unsupported .npy format version " + major + "." + minor
                        + "; expected 1.0, 2.0 or 3.0");
            }
            int lengthBytes = major == 1 ? 2 : 4;
            byte[] lengthField = new byte[4];
            if (Safetensors.readFully(in, lengthField, lengthBytes) < lengthBytes) {
                throw new TensorFileException(source, tensor, "truncated: the .npy header length is incomplete");
            }
            long length = 0;
            for (int i = lengthBytes - 1; i >= 0; i--) {
                length = (length << 8) | (lengthField[i] & 0xff);
            }
            if (length > MAX_HEADER_BYTES) {
                throw new TensorFileException(source, tensor, "corrupted: .npy header length " + length
                        + " is over the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            byte[] text = new byte[(int) length];
            if (Safetensors.readFully(in, text, text.length) < text.length) {
                throw new TensorFileException(source, tensor, "truncated: the file ends inside the " + length
                        + "-byte .npy header");
            }
            String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return parse(dict, source, tensor);
        }

        private static Header parse(String dict, String source, String tensor) throws TensorFileException {
            Object parsed;
            try {
                PythonLiteral p = new PythonLiteral(dict);
                parsed = p.value(0);
                p.end();
            } catch (IllegalArgumentException e) {
                throw new TensorFileException(source, tensor, "corrupted .npy header: " + e.getMessage());
            }
            if (!(parsed instanceof java.util.Map)) {
                throw new TensorFileException(source, tensor, "corrupted .npy header: not a dict");
            }
            java.util.Map<?, ?> map = (java.util.Map<?, ?>) parsed;
            for (Object key : map.keySet()) {
                if (!"descr".equals(key) && !"fortran_order".equals(key) && !"shape".equals(key)) {
                    throw new TensorFileException(source, tensor, "corrupted .npy header: unknown key '"
                            + Text.shown(String.valueOf(key)) + "'");
                }
            }
            Object descr = map.get("descr");
            Object fortran = map.get("fortran_order");
            Object shapeValue = map.get("shape");
            if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shapeValue instanceof List)) {
                throw new TensorFileException(source, tensor, "corrupted .npy header: it needs 'descr' (a string),"
                        + " 'fortran_order' (True or False) and 'shape' (a tuple)");
            }
            String d = (String) descr;
            DType dtype = null;
            boolean bigEndian = false;
            if (d.length() == 3 && (d.charAt(0) == '<' || d.charAt(0) == '>')) {
                for (DType t : DType.values()) {
                    if (t.numpy != null && t.numpy.equals(d.substring(1))) {
                        dtype = t;
                    }
                }
                bigEndian = d.charAt(0) == '>';
            }
            if (dtype == null) {
                throw new TensorFileException(source, tensor, "dtype '" + Text.shown(d) + "' is not a floating-point"
                        + " type Chainrule reads; expected '<f4', '<f8' or '<f2'");
            }
            List<?> dims = (List<?>) shapeValue;
            if (dims.size() > 32) {
                throw new TensorFileException(source, tensor, "corrupted .npy header: " + dims.size() + " dimensions");
            }
            long[] shape = new long[dims.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                Object v = dims.get(i);
                if (!(v instanceof Long) || (Long) v < 0) {
                    throw new TensorFileException(source, tensor, "corrupted .npy header: shape dimension " + i + " is "
                            + Text.shown(String.valueOf(v)));
                }
                shape[i] = (Long) v;
                if (shape[i] != 0 && elements > Long.MAX_VALUE / 8 / shape[i]) {
                    throw new TensorFileException(source, tensor, "shape " + Text.shape(shape) + " is too large");
                }
                elements *= shape[i];
            }
            return new Header(dtype, bigEndian, (Boolean) fortran, shape);
        }
    }

    /**
     * The part of Python's literal syntax a .npy header uses: a dict of string keys, strings in
     * single or double quotes, True and False, integers (with Python 2's {@code L} suffix) and
     * tuples of them (a tuple is returned as a List).
     */
    private static final class PythonLiteral {
        private final String s;
        private int at;

        PythonLiteral(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth > 4) {
                throw new IllegalArgumentException("nested too deep");
            }
            space();
            if (at >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(at);
            if (c == '{') {
                at++;
                java.util.Map<Object, Object> map = new java.util.LinkedHashMap<Object, Object>();
                while (true) {
                    space();
                    if (peek() == '}') {
                        at++;
                        return map;
                    }
                    Object key = value(depth + 1);
                    space();
                    if (peek() != ':') {
                        throw new IllegalArgumentException("expected ':' at character " + at);
                    }
                    at++;
                    Object v = value(depth + 1);
                    if (map.put(key, v) != null) {
                        throw new IllegalArgumentException("duplicate key '" + Text.shown(String.valueOf(key)) + "'");
                    }
                    space();
                    if (peek() == ',') {
                        at++;
                    } else if (peek() != '}') {
                        throw new IllegalArgumentException("expected ',' or '}' at character " + at);
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                at++;
                List<Object> list = new ArrayList<Object>();
                while (true) {
                    space();
                    if (peek() == close) {
                        at++;
                        return list;
                    }
                    if (list.size() >= 64) {
                        throw new IllegalArgumentException("a tuple of over 64 values");
                    }
                    list.add(value(depth + 1));
                    space();
                    if (peek() == ',') {
                        at++;
                    } else if (peek() != close) {
                        throw new IllegalArgumentException("expected ',' or '" + close + "' at character " + at);
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, at + 1);
                if (end < 0 || end - at > 256) {
                    throw new IllegalArgumentException("unterminated string at character " + at);
                }
                String v = s.substring(at + 1, end);
                if (v.indexOf('\\') >= 0) {
                    throw new IllegalArgumentException("escape in a string at character " + at);
                }
                at = end + 1;
                return v;
            }
            if (s.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (c >= '0' && c <= '9') {
                int start = at;
                while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                    at++;
                }
                String digits = s.substring(start, at);
                if (peek() == 'L') {
                    at++;
                }
                if (digits.length() > 18) {
                    throw new IllegalArgumentException("integer " + Text.shown(digits) + " out of range");
                }
                return Long.parseLong(digits);
            }
            throw new IllegalArgumentException("unexpected '" + Text.shown(String.valueOf(c)) + "' at character " + at);
        }

        void end() {
            space();
            if (at < s.length()) {
                throw new IllegalArgumentException("unexpected '" + Text.shown(String.valueOf(s.charAt(at)))
                        + "' after the dict at character " + at);
            }
        }

        private char peek() {
            return at < s.length() ? s.charAt(at) : '\0';
        }

        private void space() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\n' || s.charAt(at) == '\t'
                    || s.charAt(at) == '\r')) {
                at++;
            }
        }
    }
}
