package io.chainrule.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a safetensors file ({@link Safetensors}), read and checked: its length, its
 * {@code __metadata__}, and its tensors sorted by offset, covering the data without gaps.
 */
final class SafetensorsHeader {
    /** Every dtype the format defines; those not in {@link DType} are not floating-point types we read. */
    private static final String[] OTHER_DTYPES = {"BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64",
        "F8_E5M2", "F8_E4M3", "F8_E4M3FN", "F8_E5M2FNUZ", "F8_E4M3FNUZ", "F6_E2M3", "F6_E3M2", "F4", "F8_E8M0",
        "C64"};

    final long length;
    final Map<String, String> metadata;
    final List<Entry> entries;

    private SafetensorsHeader(long length, Map<String, String> metadata, List<Entry> entries) {
        this.length = length;
        this.metadata = metadata;
        this.entries = entries;
    }

    /** One tensor of the header. */
    static final class Entry {
        final String name;
        final DType dtype;
        final long[] shape;
        final long begin;
        final long end;

        Entry(String name, DType dtype, long[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }
    }

    /**
     * Reads the header length and the header from {@code in} and checks them: the tensors sorted by
     * offset, covering the data from byte 0 without gaps or overlaps.
     */
    static SafetensorsHeader read(InputStream in, String source) throws IOException {
        byte[] prefix = new byte[8];
        int got = TensorStreams.readFully(in, prefix, 8);
        if (got < 8) {
            throw new TensorFileException(source, null, "not a safetensors file: " + got
                    + " bytes, shorter than the 8-byte header length");
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (prefix[i] & 0xff);
        }
        if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
            throw new TensorFileException(source, null, "corrupted or not a safetensors file: header length "
                    + (n < 0 ? java.math.BigInteger.valueOf(n).add(java.math.BigInteger.ONE.shiftLeft(64)).toString()
                    : Long.toString(n)) + " is over the limit of " + Safetensors.MAX_HEADER_BYTES + " bytes");
        }
        if (n < 2) {
            throw new TensorFileException(source, null, "corrupted or not a safetensors file: header length " + n
                    + " is too short for a JSON object");
        }
        byte[] bytes = TensorStreams.readBounded(in, (int) n);
        if (bytes == null) {
            throw new TensorFileException(source, null, "truncated: the file ends inside the " + n + "-byte header");
        }
        if (bytes[0] != '{') {
            throw new TensorFileException(source, null, "corrupted or not a safetensors file: the header does not start"
                    + " with '{' (its length field says " + n + " bytes)");
        }
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new TensorFileException(source, null, "corrupted: the header is not valid UTF-8", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.SyntaxError e) {
            throw new TensorFileException(source, null, "corrupted: the header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new TensorFileException(source, null, "corrupted: the header is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) parsed;
        Map<String, String> metadata = new LinkedHashMap<String, String>();
        List<Entry> entries = new ArrayList<Entry>();
        for (Map.Entry<String, Object> e : top.entrySet()) {
            if (e.getKey().equals(Safetensors.METADATA)) {
                readMetadata(e.getValue(), metadata, source);
            } else {
                entries.add(entry(e.getKey(), e.getValue(), source));
            }
        }
        Collections.sort(entries, new Comparator<Entry>() {
            @Override
            public int compare(Entry a, Entry b) {
                int c = Long.compare(a.begin, b.begin);
                return c != 0 ? c : Long.compare(a.end, b.end);
            }
        });
        long covered = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin < covered) {
                throw new TensorFileException(source, e.name, "bytes " + e.begin + ".." + e.end + " overlap tensor '"
                        + Text.shown(previous.name) + "' (bytes " + previous.begin + ".." + previous.end + ")");
            }
            if (e.begin > covered) {
                throw new TensorFileException(source, e.name, "starts at byte " + e.begin + ", but the data before it"
                        + " ends at byte " + covered + ": bytes " + covered + ".." + e.begin + " belong to no tensor");
            }
            covered = e.end;
            previous = e;
        }
        return new SafetensorsHeader(n, Collections.unmodifiableMap(metadata), entries);
    }

    /** The tensors lie inside the {@code dataBytes} after the header and cover them to the end. */
    void checkDataLength(long dataBytes, String source) throws IOException {
        long end = 0;
        for (Entry e : entries) {
            if (e.end > dataBytes) {
                throw new TensorFileException(source, e.name, "data_offsets [" + e.begin + ", " + e.end
                        + "] lie outside the data, which has " + Math.max(0, dataBytes) + " bytes");
            }
            end = e.end;
        }
        if (end < dataBytes) {
            throw new TensorFileException(source, null, "unexpected data after the last tensor: the header describes "
                    + end + " bytes of data but the file has " + dataBytes);
        }
    }

    private static void readMetadata(Object value, Map<String, String> metadata, String source) throws IOException {
        if (!(value instanceof Map)) {
            throw new TensorFileException(source, null, "corrupted: __metadata__ is not an object of strings");
        }
        for (Map.Entry<?, ?> m : ((Map<?, ?>) value).entrySet()) {
            if (!(m.getValue() instanceof String)) {
                throw new TensorFileException(source, null, "corrupted: __metadata__ value of '"
                        + Text.shown((String) m.getKey()) + "' is not a string");
            }
            metadata.put((String) m.getKey(), (String) m.getValue());
        }
    }

    private static Entry entry(String name, Object value, String source) throws IOException {
        if (!(value instanceof Map)) {
            throw new TensorFileException(source, name, "not an object with dtype, shape and data_offsets");
        }
        Map<?, ?> fields = (Map<?, ?>) value;
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new TensorFileException(source, name, "unknown field '" + Text.shown((String) key)
                        + "'; a tensor has dtype, shape and data_offsets");
            }
        }
        Object dtypeName = fields.get("dtype");
        if (!(dtypeName instanceof String)) {
            throw new TensorFileException(source, name, "no dtype string");
        }
        DType dtype = DType.ofSafetensors((String) dtypeName);
        if (dtype == null) {
            for (String other : OTHER_DTYPES) {
                if (other.equals(dtypeName)) {
                    throw new TensorFileException(source, name, "dtype " + other + " is not a floating-point type"
                            + " Chainrule reads; expected F32, F64, F16 or BF16");
                }
            }
            throw new TensorFileException(source, name, "unknown dtype '" + Text.shown((String) dtypeName)
                    + "'; expected F32, F64, F16 or BF16");
        }
        Object shapeValue = fields.get("shape");
        if (!(shapeValue instanceof List)) {
            throw new TensorFileException(source, name, "no shape list");
        }
        List<?> shapeList = (List<?>) shapeValue;
        if (shapeList.size() > 64) {
            throw new TensorFileException(source, name, "shape of " + shapeList.size() + " dimensions");
        }
        long[] shape = new long[shapeList.size()];
        long elements = 1;
        boolean tooLarge = false;
        for (int d = 0; d < shape.length; d++) {
            Object dim = shapeList.get(d);
            if (!(dim instanceof Long) || (Long) dim < 0) {
                throw new TensorFileException(source, name, "shape dimension " + d + " is " + Text.shown(String.valueOf(dim))
                        + ", not a non-negative integer");
            }
            shape[d] = (Long) dim;
            if (shape[d] != 0 && elements > Long.MAX_VALUE / 8 / shape[d]) {
                tooLarge = true;
            }
            elements *= shape[d];
        }
        Object offsets = fields.get("data_offsets");
        if (!(offsets instanceof List) || ((List<?>) offsets).size() != 2 || !(((List<?>) offsets).get(0) instanceof Long)
                || !(((List<?>) offsets).get(1) instanceof Long)) {
            throw new TensorFileException(source, name, "data_offsets is not a list of two integers [begin, end]");
        }
        long begin = (Long) ((List<?>) offsets).get(0);
        long end = (Long) ((List<?>) offsets).get(1);
        if (begin < 0 || end < begin) {
            throw new TensorFileException(source, name, "data_offsets [" + begin + ", " + end
                    + "] is not a range of the data (0 <= begin <= end)");
        }
        if (tooLarge || elements * dtype.size != end - begin) {
            throw new TensorFileException(source, name, "shape " + Text.shape(shape) + " of " + dtype.safetensors
                    + (tooLarge ? " is too large" : " needs " + elements * dtype.size + " bytes")
                    + " but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }
}
