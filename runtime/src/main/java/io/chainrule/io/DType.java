package io.chainrule.io;

/**
 * The floating-point element types Chainrule reads from tensor files, little-endian as stored by
 * safetensors and NumPy; each converts exactly to double (and float16 and bfloat16 exactly to float).
 */
enum DType {
    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 mantissa bits. */
    F16(2, "F16", "f2"),
    /** bfloat16: the upper 16 bits of a float32. */
    BF16(2, "BF16", null),
    /** IEEE 754 binary32. */
    F32(4, "F32", "f4"),
    /** IEEE 754 binary64. */
    F64(8, "F64", "f8");

    final int size;
    /** The safetensors name. */
    final String safetensors;
    /** The NumPy type code after the byte-order character, or null if NumPy has none. */
    final String numpy;

    DType(int size, String safetensors, String numpy) {
        this.size = size;
        this.safetensors = safetensors;
        this.numpy = numpy;
    }

    /** The type whose safetensors name is {@code name}, or null. */
    static DType ofSafetensors(String name) {
        for (DType t : values()) {
            if (t.safetensors.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Decodes the value at {@code b[at ..]}, little-endian ({@code bigEndian} for NumPy's '>' types). */
    double decode(byte[] b, int at, boolean bigEndian) {
        switch (this) {
            case F16:
                return halfToFloat((short) bits(b, at, 2, bigEndian));
            case BF16:
                return Float.intBitsToFloat((int) bits(b, at, 2, bigEndian) << 16);
            case F32:
                return Float.intBitsToFloat((int) bits(b, at, 4, bigEndian));
            default:
                return Double.longBitsToDouble(bits(b, at, 8, bigEndian));
        }
    }

    private static long bits(byte[] b, int at, int n, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int k = bigEndian ? i : n - 1 - i;
            v = (v << 8) | (b[at + k] & 0xff);
        }
        return v;
    }

    /** The float value of an IEEE 754 binary16 (exact: every half is a float). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
