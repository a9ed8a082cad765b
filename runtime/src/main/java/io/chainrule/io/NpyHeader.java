package io.chainrule.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} array ({@link Npy}): what {@code numpy.save} writes before the values
 * ({@link #bytes}), and a header read and checked ({@link #read}): the values' type, byte order,
 * memory order and shape.
 */
final class NpyHeader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    final DType dtype;
    final boolean bigEndian;
    final boolean fortranOrder;
    /** The array's shape (the same in either order). */
    final long[] shape;
    /** Row-major strides of the shape. */
    private final long[] strides;

    private NpyHeader(DType dtype, boolean bigEndian, boolean fortranOrder, long[] shape) {
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
    static NpyHeader read(InputStream in, String source, String tensor) throws IOException {
        byte[] prefix = new byte[8];
        int got = TensorStreams.readFully(in, prefix, 8);
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
        if (TensorStreams.readFully(in, lengthField, lengthBytes) < lengthBytes) {
            throw new TensorFileException(source, tensor, "truncated: the .npy header length is incomplete");
        }
        long length = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            length = (length << 8) | (lengthField[i] & 0xff);
        }
        if (length > Npy.MAX_HEADER_BYTES) {
            throw new TensorFileException(source, tensor, "corrupted: .npy header length " + length
                    + " is over the limit of " + Npy.MAX_HEADER_BYTES + " bytes");
        }
        byte[] text = new byte[(int) length];
        if (TensorStreams.readFully(in, text, text.length) < text.length) {
            throw new TensorFileException(source, tensor, "truncated: the file ends inside the " + length
                    + "-byte .npy header");
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(dict, source, tensor);
    }

    private static NpyHeader parse(String dict, String source, String tensor) throws TensorFileException {
        Object parsed;
        try {
            PythonLiteral p = new PythonLiteral(dict);
            parsed = p.value(0);
            p.end();
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(source, tensor, "corrupted .npy header: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new TensorFileException(source, tensor, "corrupted .npy header: not a dict");
        }
        Map<?, ?> map = (Map<?, ?>) parsed;
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
        return new NpyHeader(dtype, bigEndian, (Boolean) fortran, shape);
    }

    /**
     * The magic, version 1.0, header length and header of an array, byte for byte as
     * {@code numpy.save} (1.24) writes them: the dict, spaces for the first dimension to grow to 21
     * digits, then spaces and a newline up to a multiple of 64 bytes.
     */
    static byte[] bytes(long[] shape, String descr) {
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
}
