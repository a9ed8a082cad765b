package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.io.ArraysModel;
import io.chainrule.io.Npz;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link Npz} (and through it of the .npy reader): archives saved from models
 * of residual layouts (float and double), and the one numpy.savez wrote for the PyTorch fixtures
 * when it is there, are damaged in two ways and loaded through a stream or a file. Damage to the
 * zip's bytes must be rejected or load exactly the saved values (the zip's CRC-32 guards the
 * data). Damage to one .npy array, packed again into a valid archive, must be rejected or load
 * what the array says, as the test reads NumPy's header (its canonical form) and data itself.
 * Every rejection is a {@link TensorFileException} starting with the file's name, and leaves the
 * model as it was.
 */
class NpzFuzzTest {
    @TempDir
    File dir;

    private static final String FLOAT = "3-2:relu-2:identity+1p softmax_cross_entropy float";
    private static final String DOUBLE = "4-8:tanh-8:leaky_relu+1-6:softplus+2p-6:sigmoid+4p-3:identity"
            + " sigmoid_cross_entropy double";
    private static final Pattern CANONICAL = Pattern.compile("\\{'descr': '([<>])f([248])', 'fortran_order': (False|True),"
            + " 'shape': \\(((?:\\d+, )*\\d*|\\d+,)\\), \\} *\n");

    private static final class Saved {
        final String name;
        final Model model;
        final Supplier<Model> blank;
        final byte[] bytes;
        final Map<String, byte[]> entries;

        Saved(String name, Model model, Supplier<Model> blank, byte[] bytes) throws IOException {
            this.name = name;
            this.model = model;
            this.blank = blank;
            this.bytes = bytes;
            this.entries = entries(bytes);
        }
    }

    private static List<Saved> originals() throws IOException {
        List<Saved> saved = new ArrayList<>();
        for (String arch : new String[] {FLOAT, DOUBLE}) {
            Model m = ArraysModel.of(arch, 21);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npz.write(m, out);
            saved.add(new Saved(arch.endsWith("float") ? "float.npz" : "double.npz", m, () -> ArraysModel.of(arch, 1),
                    out.toByteArray()));
        }
        for (String folder : new String[] {"../interop/pytorch/fixtures", "interop/pytorch/fixtures"}) {
            File file = new File(folder, "iris_regression.npz");
            if (file.isFile()) {
                String arch = "3-16:tanh-16:tanh+1-16:relu+1-1:identity mean_squared_error float";
                Model m = ArraysModel.of(arch, 3);
                Npz.load(m, file);
                saved.add(new Saved("iris_regression.npz", m, () -> ArraysModel.of(arch, 4), Files.readAllBytes(file.toPath())));
                break;
            }
        }
        return saved;
    }

    @Test
    void damagedArchivesAreRejectedOrLoadWhatTheySay() throws Exception {
        List<Saved> originals = originals();
        File file = new File(dir, "model.npz");
        FuzzRun run = new FuzzRun("Npz", 300);
        run.run(16 << 20, (index, mutator) -> {
            Saved saved = originals.get(index % originals.size());
            byte[] damaged;
            String entry = null;
            byte[] array = null;
            if (mutator.random().nextBoolean()) {
                damaged = mutator.mutateBytes(saved.bytes, new int[0], new int[0]);
            } else {
                List<String> names = new ArrayList<>(saved.entries.keySet());
                entry = names.get(mutator.random().nextInt(names.size()));
                byte[] npy = saved.entries.get(entry);
                int headerEnd = 10 + (npy[8] & 0xff) + ((npy[9] & 0xff) << 8);
                array = mutator.mutateBytes(npy, new int[0], new int[] {6, 8, 10, headerEnd, npy.length});
                Map<String, byte[]> entries = new LinkedHashMap<>(saved.entries);
                entries.put(entry, array);
                damaged = zip(entries);
            }
            final byte[] bytes = damaged;
            int api = mutator.random().nextInt(6);
            String source;
            if (api < 3) {
                source = saved.name;
            } else {
                Files.write(file.toPath(), bytes);
                source = file.getPath();
            }
            boolean unchanged = Arrays.equals(bytes, saved.bytes);
            Saved other = originals.get((index + 1) % originals.size());
            boolean otherTarget = api == 2 || api == 5;
            Model target = otherTarget ? other.blank.get() : saved.blank.get();
            boolean same = !otherTarget || other.model.architecture().equals(saved.model.architecture());
            long[][] before = ArraysModel.bits(target);
            // for a damaged array: what it says, by the test's own reading (null: must be rejected)
            long[][] expected = null;
            if (entry != null && same) {
                expected = read(saved, entry, array, target);
            }
            try {
                FuzzRun.measured(() -> {
                    if (api < 3) {
                        Npz.load(target, new ByteArrayInputStream(bytes), source);
                    } else {
                        Npz.load(target, file);
                    }
                    return null;
                });
                assertTrue(same, "loaded into a model of another architecture");
                if (entry != null) {
                    assertNotNull(expected, "loaded an archive whose array " + entry + " the test reads as invalid");
                    assertArrayEquals(expected, ArraysModel.bits(target), "loaded values differ from the array's");
                } else {
                    assertArrayEquals(ArraysModel.bits(saved.model), ArraysModel.bits(target), "a damaged zip loaded other values");
                }
                return FuzzRun.Outcome.loaded(unchanged ? "file unchanged" : entry != null ? "array changed, says so"
                        : "file changed, same contents");
            } catch (TensorFileException e) {
                assertFalse(unchanged && same, "an undamaged file was rejected: " + e.getMessage());
                if (expected != null && entry != null) {
                    fail("rejected an array the test reads as valid: " + e.getMessage());
                }
                assertArrayEquals(before, ArraysModel.bits(target), "a failed load changed the model: " + e.getMessage());
                String message = e.getMessage();
                assertTrue(message.startsWith(source + ": ") && message.length() > source.length() + 2, message);
                assertEquals(source, e.source());
                return FuzzRun.Outcome.rejected(e, source);
            }
        });
    }

    /**
     * The parameters {@code target} gets from the saved archive with {@code entry} replaced by
     * {@code npy}, if the test reads that array as valid (NumPy's canonical header, a float type,
     * the model's shape, exactly the data it announces, finite values); otherwise null.
     */
    private static long[][] read(Saved saved, String entry, byte[] npy, Model target) {
        if (npy.length < 10 || !new String(npy, 0, 6, StandardCharsets.ISO_8859_1).equals("\u0093NUMPY")
                || npy[6] != 1 || npy[7] != 0) {
            return null;
        }
        int headerLength = (npy[8] & 0xff) | ((npy[9] & 0xff) << 8);
        if (npy.length < 10 + headerLength) {
            return null;
        }
        Matcher m = CANONICAL.matcher(new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            // not the canonical form: the test does not read it; it must mean what the original meant
            String header = new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1);
            byte[] original = saved.entries.get(entry);
            int originalLength = (original[8] & 0xff) | ((original[9] & 0xff) << 8);
            boolean sameData = Arrays.equals(npy, 10 + headerLength, npy.length, original, 10 + originalLength,
                    original.length);
            // (only spaces and the final newline are dropped: String.trim would drop control characters too)
            return sameData && header.replaceAll("[ \n]", "").equals(new String(original, 10, originalLength,
                    StandardCharsets.ISO_8859_1).replaceAll("[ \n]", "")) ? ArraysModel.bits(saved.model) : null;
        }
        boolean bigEndian = m.group(1).equals(">");
        int size = Integer.parseInt(m.group(2));
        boolean fortran = m.group(3).equals("True");
        String dims = m.group(4).replace(" ", "");
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).filter(d -> !d.isEmpty()).mapToLong(Long::parseLong).toArray();
        TensorLayout layout = TensorLayout.of(target);
        TensorLayout.Tensor t = layout.tensor(entry.substring(0, entry.length() - 4));
        if (t == null || !Arrays.equals(t.shape(), shape) || npy.length != 10 + headerLength + (long) t.size() * size) {
            return null;
        }
        long[][] bits = ArraysModel.bits(saved.model);
        ByteBuffer b = ByteBuffer.wrap(npy, 10 + headerLength, t.size() * size)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int stored = 0; stored < t.size(); stored++) {
            int at = 10 + headerLength + stored * size;
            double v = size == 8 ? b.getDouble(at) : size == 4 ? b.getFloat(at) : half(b.getShort(at));
            if (Double.isNaN(v) || Double.isInfinite(v)
                    || (target.precision() == Precision.FLOAT && Float.isInfinite((float) v))) {
                return null;
            }
            int k = stored;
            if (fortran && shape.length == 2) {
                long rows = shape[0];
                k = (int) ((stored % rows) * shape[1] + stored / rows);
            }
            bits[t.array(k)][t.element(k)] = target.precision() == Precision.FLOAT
                    ? Float.floatToRawIntBits((float) v) : Double.doubleToRawLongBits(v);
        }
        return bits;
    }

    private static double half(short h) {
        int e = (h >> 10) & 0x1f;
        int m = h & 0x3ff;
        double v = e == 0 ? Math.scalb(m / 1024.0, -14) : e == 31 ? (m == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : Math.scalb(1 + m / 1024.0, e - 15);
        return h < 0 ? -v : v;
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
