package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import io.chainrule.io.ArraysModel;
import io.chainrule.io.ModelMetadata;
import io.chainrule.io.Safetensors;
import io.chainrule.io.TensorFileException;
import io.chainrule.io.TensorLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link Safetensors}: files saved from models of residual layouts (float with
 * a scaler and class names, double without), and the PyTorch fixture when it is there, are damaged
 * and loaded through a stream, through a file, or only their metadata read. Two kinds of damage:
 * bytes (the {@link Mutator}'s), and the header rewritten from a changed list of tensors (numbers,
 * dtypes, names, entries dropped, duplicated or moved, metadata changed), so that the loader's
 * checks past the JSON are reached. For the latter, and for damage to the data bytes alone, the
 * test knows what the file says and so whether it must load and with which values (its own reading
 * of the format); other damage must be rejected or leave the meaning intact. Every rejection is a
 * {@link TensorFileException} starting with the file's name, and leaves the model as it was.
 */
class SafetensorsFuzzTest {
    @TempDir
    File dir;

    private static final String FLOAT = "3-2:relu-2:identity+1p softmax_cross_entropy float";
    private static final String DOUBLE = "4-8:tanh-8:leaky_relu+1-6:softplus+2p-6:sigmoid+4p-3:identity"
            + " sigmoid_cross_entropy double";
    private static final String[] DTYPES = {"F16", "BF16", "F32", "F64", "I64", "U8", "BOOL", "F8_E4M3", "f32", ""};

    /** One tensor as a header describes it. */
    private static final class Entry {
        String name;
        String dtype;
        long[] shape;
        long begin;
        long end;
        String extraField;

        Entry(String name, String dtype, long[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }

        Entry copy() {
            Entry e = new Entry(name, dtype, shape.clone(), begin, end);
            e.extraField = extraField;
            return e;
        }
    }

    /** A saved file and what its header says. */
    private static final class Saved {
        final String name;
        final Model model;
        final Supplier<Model> blank;
        final byte[] bytes;
        final int headerLength;
        final Map<String, String> metadata = new LinkedHashMap<>();
        final List<Entry> entries = new ArrayList<>();

        Saved(String name, Model model, Supplier<Model> blank, byte[] bytes) {
            this.name = name;
            this.model = model;
            this.blank = blank;
            this.bytes = bytes;
            this.headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            // the test's own reading of the header, with regular expressions on the JSON the writers produce
            String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
            java.util.regex.Matcher meta = java.util.regex.Pattern.compile("\"__metadata__\":\\{(.*?)\\}(,|\\}$)")
                    .matcher(header.trim());
            if (meta.find()) {
                java.util.regex.Matcher kv = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":\"((?:[^\"\\\\]|\\\\.)*)\"")
                        .matcher(meta.group(1));
                while (kv.find()) {
                    metadata.put(kv.group(1), kv.group(2).replace("\\\"", "\""));
                }
            }
            java.util.regex.Matcher t = java.util.regex.Pattern.compile("\"([^\"]+)\":\\{\"dtype\":\"(\\w+)\",\"shape\":\\[([\\d,]*)\\],"
                    + "\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}").matcher(header);
            while (t.find()) {
                long[] shape = t.group(3).isEmpty() ? new long[0]
                        : Arrays.stream(t.group(3).split(",")).mapToLong(Long::parseLong).toArray();
                entries.add(new Entry(t.group(1), t.group(2), shape, Long.parseLong(t.group(4)), Long.parseLong(t.group(5))));
            }
            assertEquals(TensorLayout.of(model).tensors().size(), entries.size(), name);
        }

        byte[] data() {
            return Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length);
        }
    }

    private static Saved save(String name, Model model, Map<String, String> metadata, Supplier<Model> blank)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(model, metadata, out);
        return new Saved(name, model, blank, out.toByteArray());
    }

    private static List<Saved> originals() throws IOException {
        List<Saved> saved = new ArrayList<>();
        Model f = ArraysModel.of(FLOAT, 11);
        FeatureScaler scaler = FeatureScaler.of(FeatureScaler.Kind.STANDARD, new double[] {5.8, 3.0, 3.7},
                new double[] {0.83, 0.43, 1.76});
        saved.add(save("float.safetensors", f, ModelMetadata.of(scaler, List.of("yes", "no")), () -> ArraysModel.of(FLOAT, 1)));
        Model d = ArraysModel.of(DOUBLE, 12);
        saved.add(save("double.safetensors", d, Map.of(), () -> ArraysModel.of(DOUBLE, 2)));
        for (String fixture : new String[] {"iris_mlp.safetensors", "iris_mlp-bf16.safetensors"}) {
            for (String folder : new String[] {"../interop/pytorch/fixtures", "interop/pytorch/fixtures"}) {
                File file = new File(folder, fixture);
                if (file.isFile()) {
                    String arch = "4-16:relu-3:identity softmax_cross_entropy float";
                    Model m = ArraysModel.of(arch, 3);
                    Safetensors.load(m, file);
                    saved.add(new Saved(fixture, m, () -> ArraysModel.of(arch, 4), Files.readAllBytes(file.toPath())));
                    break;
                }
            }
        }
        return saved;
    }

    @Test
    void damagedFilesAreRejectedOrLoadWhatTheySay() throws Exception {
        List<Saved> originals = originals();
        File file = new File(dir, "model.safetensors");
        FuzzRun run = new FuzzRun("Safetensors", 400);
        run.run(16 << 20, (index, mutator) -> {
            Saved saved = originals.get(index % originals.size());
            Random random = mutator.random();
            byte[] damaged;
            // What the damaged file says, when the test knows: null if unknown (the header's bytes were damaged)
            List<Entry> says = null;
            Map<String, String> saysMetadata = saved.metadata;
            byte[] data = saved.data();
            boolean lengthKnown = true;
            String headerDamage = "";
            byte[] sameMeaning = null;
            if (random.nextInt(5) < 2) {
                says = new ArrayList<>();
                for (Entry e : saved.entries) {
                    says.add(e.copy());
                }
                saysMetadata = new LinkedHashMap<>(saved.metadata);
                int n = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                StringBuilder what = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    what.append(i == 0 ? "" : "; ").append(mutateHeader(says, saysMetadata, saved, random));
                }
                if (random.nextInt(6) == 0) {
                    data = mutator.mutateBytes(data, new int[0], boundaries(saved.entries, 0));
                    what.append("; data: ").append(mutator.description());
                }
                byte[] header = header(says, saysMetadata).getBytes(StandardCharsets.UTF_8);
                long length = header.length;
                if (random.nextInt(10) == 0) {
                    length = saved.headerLength; // the length field not updated
                    lengthKnown = length == header.length;
                }
                damaged = concat(le(length), header, data);
                headerDamage = "header damage: " + what;
            } else {
                damaged = mutator.mutateBytes(saved.bytes, new int[0], boundaries(saved.entries, 8 + saved.headerLength));
                boolean headerIntact = damaged.length == saved.bytes.length
                        && Arrays.equals(damaged, 0, 8 + saved.headerLength, saved.bytes, 0, 8 + saved.headerLength);
                if (damaged.length == saved.bytes.length) {
                    data = Arrays.copyOfRange(damaged, 8 + saved.headerLength, damaged.length);
                    if (headerIntact) {
                        says = saved.entries;
                    } else {
                        // damaged header bytes, in place: if it still loads, it must mean what it meant
                        sameMeaning = data;
                    }
                }
            }
            final byte[] bytes = damaged;
            final String damage = headerDamage;
            int api = random.nextInt(8);
            String source;
            if (api < 4) {
                source = saved.name;
            } else {
                Files.write(file.toPath(), bytes);
                source = file.getPath();
            }
            boolean unchanged = Arrays.equals(bytes, saved.bytes);
            if (api == 7) {
                try {
                    Map<String, String> metadata = FuzzRun.measured(() -> Safetensors.readMetadata(file));
                    assertNotNull(metadata);
                    if (unchanged) {
                        assertEquals(saved.metadata, metadata);
                    }
                    return FuzzRun.Outcome.loaded("readMetadata");
                } catch (TensorFileException e) {
                    assertFalse(unchanged, "an undamaged file was rejected: " + e.getMessage());
                    return rejected(e, source);
                }
            }
            Saved other = originals.get((index + 1) % originals.size());
            boolean same = (api != 3 && api != 6) || other.model.architecture().equals(saved.model.architecture());
            Model target = api != 3 && api != 6 ? saved.blank.get() : other.blank.get();
            long[][] before = ArraysModel.bits(target);
            // the expected outcome, where the test knows what the file says
            long[][] expected = null;
            String why = "unknown";
            if (says != null && lengthKnown) {
                why = verdict(says, saysMetadata, data, target);
                if (why == null) {
                    expected = decode(says, data, target);
                }
            }
            try {
                FuzzRun.measured(() -> api < 4
                        ? Safetensors.load(target, new ByteArrayInputStream(bytes), source)
                        : Safetensors.load(target, file));
                if (says != null && lengthKnown) {
                    assertNotNull(expected, "loaded a file that should be rejected (" + why + "); " + damage);
                    assertArrayEquals(expected, ArraysModel.bits(target), "loaded values differ from the file's; " + damage);
                } else {
                    assertTrue(same, "loaded into a model of another architecture");
                    long[][] meant = sameMeaning != null ? decode(saved.entries, sameMeaning, target)
                            : ArraysModel.bits(saved.model);
                    assertArrayEquals(meant, ArraysModel.bits(target), "a damaged header loaded other values");
                }
                return FuzzRun.Outcome.loaded(unchanged ? "file unchanged" : says != null ? "file changed, says so"
                        : "file changed, same contents");
            } catch (TensorFileException e) {
                if (says != null && lengthKnown && expected != null) {
                    fail("rejected a file the test reads as valid: " + e.getMessage() + "; " + damage);
                }
                assertArrayEquals(before, ArraysModel.bits(target), "a failed load changed the model: " + e.getMessage());
                return rejected(e, source);
            }
        });
    }

    /** One change to the header's list of tensors or its metadata; returns what it did. */
    private static String mutateHeader(List<Entry> entries, Map<String, String> metadata, Saved saved, Random random) {
        if (entries.isEmpty()) {
            entries.add(saved.entries.get(0).copy());
            return "add an entry";
        }
        Entry e = entries.get(random.nextInt(entries.size()));
        switch (random.nextInt(10)) {
            case 0: {
                long[] interesting = {0, 1, 2, 3, 4, 7, 8, 16, -1, Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE,
                    e.end + 4, e.end - 4, e.begin + 1, e.end * 2};
                long v = interesting[random.nextInt(interesting.length)];
                int which = random.nextInt(e.shape.length + 2);
                if (which < e.shape.length) {
                    e.shape[which] = v;
                    return e.name + " shape[" + which + "] = " + v;
                }
                if (which == e.shape.length) {
                    e.begin = v;
                    return e.name + " begin = " + v;
                }
                e.end = v;
                return e.name + " end = " + v;
            }
            case 1: {
                String old = e.dtype;
                e.dtype = DTYPES[random.nextInt(DTYPES.length)];
                if (random.nextBoolean() && size(old) > 0 && size(e.dtype) > 0) {
                    // keep the byte count right for the new type where the shape allows
                    long elements = (e.end - e.begin) / size(old);
                    e.end = e.begin + elements * size(e.dtype);
                }
                return e.name + " dtype " + old + " -> " + e.dtype;
            }
            case 2: {
                String[] names = {entries.get(random.nextInt(entries.size())).name, "4.weight", "0.weight ", "proj.0.weight",
                    "__metadata__", "", "x".repeat(3000), "0.w\u00e9ight", "2.weight"};
                String old = e.name;
                e.name = names[random.nextInt(names.length)];
                return "rename " + old + " -> " + (e.name.length() > 20 ? e.name.length() + " chars" : e.name);
            }
            case 3:
                entries.remove(e);
                return "drop " + e.name;
            case 4: {
                Entry twin = e.copy();
                twin.name = random.nextBoolean() ? e.name + "_copy" : saved.entries.get(random.nextInt(saved.entries.size())).name;
                entries.add(twin);
                return "duplicate " + e.name + " as " + twin.name;
            }
            case 5: {
                Entry other = entries.get(random.nextInt(entries.size()));
                long b = e.begin;
                long n = e.end;
                e.begin = other.begin;
                e.end = other.end;
                other.begin = b;
                other.end = n;
                return "swap the offsets of " + e.name + " and " + other.name;
            }
            case 6: {
                if (e.shape.length == 2) {
                    long t = e.shape[0];
                    e.shape[0] = e.shape[1];
                    e.shape[1] = t;
                    return "transpose " + e.name;
                }
                e.shape = new long[] {1, e.shape.length == 1 ? e.shape[0] : 1};
                return "reshape " + e.name;
            }
            case 7:
                e.extraField = random.nextBoolean() ? "\"scale\":1" : "\"dtype2\":\"F32\"";
                return "extra field in " + e.name;
            default: {
                String arch = metadata.get(Safetensors.ARCHITECTURE_KEY);
                int r = random.nextInt(5);
                if (r == 0 && arch != null) {
                    metadata.put(Safetensors.ARCHITECTURE_KEY, arch.endsWith("float")
                            ? arch.replace(" float", " double") : arch.replace(" double", " float"));
                    return "architecture precision word changed";
                }
                if (r == 1 && arch != null) {
                    metadata.put(Safetensors.ARCHITECTURE_KEY, arch.replaceFirst(":(\\w+)", ":sigmoid"));
                    return "architecture activation changed";
                }
                if (r == 2) {
                    metadata.remove(Safetensors.ARCHITECTURE_KEY);
                    return "architecture removed";
                }
                if (r == 3) {
                    metadata.put(ModelMetadata.CLASSES_KEY, random.nextBoolean() ? "[\"a\"]" : "[\"a\", \"b\", \"c\"]");
                    return "classes changed";
                }
                metadata.put(ModelMetadata.SCALER_KEY, "standard");
                metadata.put(ModelMetadata.SCALER_CENTER_KEY, random.nextBoolean() ? "[1, 2, 3]" : "[1, 2, 3, 4]");
                metadata.put(ModelMetadata.SCALER_SCALE_KEY, random.nextBoolean() ? "[1, 2, 3]" : "[1, 0, 3, 4]");
                return "scaler changed";
            }
        }
    }

    private static String header(List<Entry> entries, Map<String, String> metadata) {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                h.append(first ? "" : ",").append(quote(m.getKey())).append(':').append(quote(m.getValue()));
                first = false;
            }
            h.append('}');
        }
        for (Entry e : entries) {
            h.append(h.length() > 1 ? "," : "").append(quote(e.name)).append(":{")
                    .append(e.extraField != null ? e.extraField + "," : "")
                    .append("\"dtype\":").append(quote(e.dtype)).append(",\"shape\":[");
            for (int d = 0; d < e.shape.length; d++) {
                h.append(d == 0 ? "" : ",").append(e.shape[d]);
            }
            h.append("],\"data_offsets\":[").append(e.begin).append(',').append(e.end).append("]}");
        }
        return h.append('}').toString();
    }

    /**
     * The test's reading of the format: null if a file with this header and data must load into
     * {@code target}, else why not.
     */
    private static String verdict(List<Entry> entries, Map<String, String> metadata, byte[] data, Model target) {
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.name) || e.name.equals("__metadata__")) {
                return "duplicate or reserved name " + e.name;
            }
            if (e.extraField != null) {
                return "extra field";
            }
            if (size(e.dtype) == 0) {
                return "dtype " + e.dtype;
            }
            long elements = 1;
            for (long d : e.shape) {
                if (d < 0 || (d > 0 && elements > Long.MAX_VALUE / 8 / d)) {
                    return "shape";
                }
                elements *= d;
            }
            if (e.begin < 0 || e.end < e.begin || elements * size(e.dtype) != e.end - e.begin) {
                return "offsets of " + e.name;
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long covered = 0;
        for (Entry e : sorted) {
            if (e.begin != covered) {
                return "gap or overlap at " + e.name;
            }
            covered = e.end;
        }
        if (covered != data.length) {
            return "data length";
        }
        TensorLayout layout = TensorLayout.of(target);
        if (names.size() != layout.tensors().size()) {
            return "tensor count";
        }
        for (Entry e : entries) {
            TensorLayout.Tensor t = layout.tensor(e.name);
            if (t == null || !Arrays.equals(t.shape(), e.shape)) {
                return "name or shape of " + e.name;
            }
        }
        String arch = metadata.get(Safetensors.ARCHITECTURE_KEY);
        String mine = target.architecture();
        if (arch != null && !arch.replaceAll(" \\w+$", "").equals(mine.replaceAll(" \\w+$", ""))) {
            return "architecture";
        }
        String classes = metadata.get(ModelMetadata.CLASSES_KEY);
        if (classes != null && classes.split(",").length != target.classCount()) {
            return "classes";
        }
        String center = metadata.get(ModelMetadata.SCALER_CENTER_KEY);
        String scale = metadata.get(ModelMetadata.SCALER_SCALE_KEY);
        if (center != null && (center.split(",").length != target.inputSize() || scale.split(",").length
                != target.inputSize() || scale.contains(" 0,"))) {
            return "scaler";
        }
        for (Entry e : entries) {
            for (long k = 0; k < (e.end - e.begin) / size(e.dtype); k++) {
                double v = value(data, e, (int) k);
                if (Double.isNaN(v) || Double.isInfinite(v)
                        || (target.precision() == Precision.FLOAT && Float.isInfinite((float) v))) {
                    return "value " + v + " in " + e.name;
                }
            }
        }
        return null;
    }

    /** The parameters a valid file gives {@code target}, as raw bits. */
    private static long[][] decode(List<Entry> entries, byte[] data, Model target) {
        TensorLayout layout = TensorLayout.of(target);
        long[][] bits = ArraysModel.bits(target);
        for (Entry e : entries) {
            TensorLayout.Tensor t = layout.tensor(e.name);
            for (int k = 0; k < t.size(); k++) {
                double v = value(data, e, k);
                bits[t.array(k)][t.element(k)] = target.precision() == Precision.FLOAT
                        ? Float.floatToRawIntBits((float) v) : Double.doubleToRawLongBits(v);
            }
        }
        return bits;
    }

    /** Value k of an entry: its bytes, little-endian, by dtype. */
    private static double value(byte[] data, Entry e, int k) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) e.begin + k * size(e.dtype);
        switch (e.dtype) {
            case "F64": return b.getDouble(at);
            case "F32": return b.getFloat(at);
            case "BF16": return Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            default: return halfToFloat(b.getShort(at));
        }
    }

    /** IEEE binary16 to float, by its definition: (-1)^s 2^(e-15) (1 + m/1024), or 2^-14 m/1024 if e = 0. */
    private static float halfToFloat(short h) {
        int s = (h >> 15) & 1;
        int e = (h >> 10) & 0x1f;
        int m = h & 0x3ff;
        double v = e == 0 ? Math.scalb(m / 1024.0, -14) : e == 31 ? (m == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : Math.scalb(1 + m / 1024.0, e - 15);
        return (float) (s == 1 ? -v : v);
    }

    private static int size(String dtype) {
        switch (dtype) {
            case "F64": return 8;
            case "F32": return 4;
            case "F16":
            case "BF16": return 2;
            default: return 0;
        }
    }

    private static int[] boundaries(List<Entry> entries, int dataStart) {
        int[] b = new int[entries.size() + 3];
        b[0] = 0;
        b[1] = 8;
        b[2] = dataStart;
        for (int i = 0; i < entries.size(); i++) {
            b[3 + i] = dataStart + (int) entries.get(i).end;
        }
        return b;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static byte[] le(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static FuzzRun.Outcome rejected(TensorFileException e, String source) {
        String message = e.getMessage();
        assertTrue(message.startsWith(source + ": ") && message.length() > source.length() + 2,
                "message does not start with the file name: " + message);
        assertEquals(source, e.source());
        return FuzzRun.Outcome.rejected(e, source);
    }
}
