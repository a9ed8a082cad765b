package io.chainrule.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds safetensors files by hand, correct or damaged, for tests: entries in order, their data after. */
final class SafetensorsBuilder {
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<String> entries = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    SafetensorsBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** A tensor of float values stored as {@code dtype} (F16 and BF16 take the values' raw 16-bit patterns). */
    SafetensorsBuilder tensor(String name, String dtype, long[] shape, double... values) {
        long begin = data.size();
        for (double v : values) {
            switch (dtype) {
                case "F64": put(Double.doubleToRawLongBits(v), 8); break;
                case "F32": put(Float.floatToRawIntBits((float) v), 4); break;
                default: put((long) v, 2); break; // F16, BF16: the bit pattern
            }
        }
        return entry(name, dtype, shape, begin, data.size());
    }

    /** An entry whose header says what it likes, without data. */
    SafetensorsBuilder entry(String name, String dtype, long[] shape, long begin, long end) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < shape.length; d++) {
            s.append(d == 0 ? "" : ",").append(shape[d]);
        }
        entries.add(Json.quote(name) + ":{\"dtype\":\"" + dtype + "\",\"shape\":[" + s + "],\"data_offsets\":["
                + begin + "," + end + "]}");
        return this;
    }

    /** Raw data bytes appended. */
    SafetensorsBuilder data(byte... bytes) {
        data.write(bytes, 0, bytes.length);
        return this;
    }

    String header() {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                h.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                first = false;
            }
            h.append('}').append(entries.isEmpty() ? "" : ",");
        }
        return h.append(String.join(",", entries)).append('}').toString();
    }

    byte[] bytes() {
        return file(header(), data.toByteArray());
    }

    /** A file of this header text (length prefixed, not padded) and data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return concat(lengthPrefix(h.length), h, data);
    }

    static byte[] lengthPrefix(long n) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (n >>> (8 * i));
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private void put(long bits, int n) {
        for (int i = 0; i < n; i++) {
            data.write((int) (bits >>> (8 * i)));
        }
    }
}
