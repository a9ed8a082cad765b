package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Model;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    private static final String FLOAT = SafetensorsTest.FLOAT;
    private static final String SOURCE = "test.npz";

    @TempDir
    File dir;

    @Test
    void savesAndLoadsEveryBitInBothPrecisions() throws IOException {
        for (String architecture : new String[] {FLOAT, SafetensorsTest.DOUBLE}) {
            Model saved = ArraysModel.of(architecture, 1);
            File file = new File(dir, "m.npz");
            Npz.save(saved, file);
            Model loaded = ArraysModel.of(architecture, 2);
            Npz.load(loaded, file);
            assertArrayEquals(ArraysModel.bits(saved), ArraysModel.bits(loaded), architecture);
            Map<String, byte[]> entries = entries(Files.readAllBytes(file.toPath()));
            assertEquals(java.util.List.of("0.weight.npy", "0.bias.npy", "2.weight.npy", "2.bias.npy",
                    "proj.2.weight.npy"), new java.util.ArrayList<>(entries.keySet()));
            // the same model gives the same bytes
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            Npz.write(saved, again);
            assertArrayEquals(Files.readAllBytes(file.toPath()), again.toByteArray());
        }
    }

    /**
     * The archive numpy.savez wrote in the PyTorch fixtures loads, holds the same values as the
     * safetensors file written beside it, and each of its arrays is byte for byte what Chainrule writes.
     */
    @Test
    void readsAndWritesWhatNumpyWrites() throws IOException {
        File npz = fixture("iris_mlp.npz");
        File safetensors = fixture("iris_mlp.safetensors");
        String architecture = "4-16:relu-3:identity softmax_cross_entropy float";
        Model fromNpz = ArraysModel.of(architecture, 1);
        Npz.load(fromNpz, npz);
        Model fromSafetensors = ArraysModel.of(architecture, 2);
        Safetensors.load(fromSafetensors, safetensors);
        assertArrayEquals(ArraysModel.bits(fromSafetensors), ArraysModel.bits(fromNpz));
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        Npz.write(fromNpz, ours);
        Map<String, byte[]> numpy = entries(Files.readAllBytes(npz.toPath()));
        Map<String, byte[]> chainrule = entries(ours.toByteArray());
        assertEquals(numpy.keySet(), chainrule.keySet());
        for (String name : numpy.keySet()) {
            assertArrayEquals(numpy.get(name), chainrule.get(name), name);
        }
    }

    /** numpy.savez_compressed deflates the entries; any entry order. */
    @Test
    void readsCompressedArchivesInAnyOrder() throws IOException {
        Model saved = ArraysModel.of(FLOAT, 3);
        Map<String, byte[]> entries = entries(archive(saved));
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        java.util.List<String> names = new java.util.ArrayList<>(entries.keySet());
        java.util.Collections.reverse(names);
        for (String n : names) {
            reversed.put(n, entries.get(n));
        }
        Model loaded = ArraysModel.of(FLOAT, 4);
        Npz.load(loaded, new ByteArrayInputStream(zip(reversed, true)), SOURCE);
        assertArrayEquals(ArraysModel.bits(saved), ArraysModel.bits(loaded));
    }

    @Test
    void rejectsArchivesThatDoNotFitTheModel() throws IOException {
        Map<String, byte[]> good = entries(archive(ArraysModel.of(FLOAT, 3)));
        rejects("PK but not really a zip file".getBytes(StandardCharsets.ISO_8859_1), null,
                "not an .npz archive or an empty one: no .npy entries found");
        rejects(zip(new LinkedHashMap<>(), false), null, "not an .npz archive or an empty one");
        Map<String, byte[]> m = new LinkedHashMap<>(good);
        m.put("notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
        rejects(zip(m, false), null, "entry 'notes.txt' is not a .npy array (an .npz holds name.npy entries)");
        m = new LinkedHashMap<>(good);
        m.put("4.weight.npy", good.get("2.weight.npy"));
        rejects(zip(m, false), "4.weight", "extra tensor: the model has no parameter of this name (it has 0.weight,");
        m = new LinkedHashMap<>(good);
        m.remove("proj.2.weight.npy");
        rejects(zip(m, false), "proj.2.weight",
                "missing: the archive has no proj.2.weight.npy; the model's layer 2 needs it with shape [2, 2]");
        m = new LinkedHashMap<>(good);
        m.put("0.weight.npy", NpyTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }",
                new byte[24]));
        rejects(zip(m, false), "0.weight", "shape [3, 2] but the model's layer 1 needs [2, 3] (PyTorch's Linear.weight"
                + " is [out, in]: 2 units, 3 inputs); is it transposed?");
        m = new LinkedHashMap<>(good);
        m.put("0.bias.npy", NpyTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                NpyTest.le(1), NpyTest.le(Float.POSITIVE_INFINITY)));
        rejects(zip(m, false), "0.bias", "element [1] is Infinity; parameters must be finite numbers");
        m = new LinkedHashMap<>(good);
        m.put("0.bias.npy", NpyTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", NpyTest.le(1)));
        rejects(zip(m, false), "0.bias", "truncated: the array ends after 1 of its 2 values");
        m = new LinkedHashMap<>(good);
        m.put("0.bias.npy", NpyTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                NpyTest.le(1), NpyTest.le(2), 0));
        rejects(zip(m, false), "0.bias", "unexpected data after the array's 2 values");
        m = new LinkedHashMap<>(good);
        m.put("0.bias.npy", NpyTest.npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", 1, 2));
        rejects(zip(m, false), "0.bias", "dtype '|u1' is not a floating-point type Chainrule reads");
        m = new LinkedHashMap<>(good);
        m.put("0.bias.npy", "not an array".getBytes(StandardCharsets.ISO_8859_1));
        rejects(zip(m, false), "0.bias", "not a .npy array: it does not start with \\x93NUMPY");
    }

    @Test
    void rejectsDamagedArchives() throws IOException {
        Map<String, byte[]> good = entries(archive(ArraysModel.of(FLOAT, 3)));
        // the same entry twice: two names of equal length, then one renamed in the local and central headers
        Map<String, byte[]> m = new LinkedHashMap<>(good);
        m.put("0.weighT.npy", good.get("0.weight.npy"));
        byte[] twice = replace(zip(m, false), "0.weighT.npy", "0.weight.npy");
        rejects(twice, "0.weight", "appears twice in the archive");
        // a flipped bit in stored data: the zip's CRC-32 finds it
        byte[] flipped = archive(ArraysModel.of(FLOAT, 3));
        flipped[30 + 12 + 128 + 5] ^= 0x10; // local header, name, .npy header, then the data of 0.weight
        TensorFileException e = rejects(flipped, "0.weight", "not a valid .npz (zip) file: invalid entry CRC");
        assertTrue(e.getMessage().startsWith(SOURCE + ": tensor '0.weight': not a valid .npz"), e.getMessage());
        // truncated inside the first entry's local header (found by NpzFuzzTest: ZipInputStream reports
        // it as a bare EOFException), and inside its data
        byte[] whole = archive(ArraysModel.of(FLOAT, 3));
        rejects(java.util.Arrays.copyOf(whole, 37), null, "truncated: the archive ends inside an entry's header");
        rejects(java.util.Arrays.copyOf(whole, 30 + 12 + 100), "0.weight", "not a valid .npz (zip) file: unexpected EOF");
        // an entry name that is not UTF-8
        byte[] badName = replace(archive(ArraysModel.of(FLOAT, 3)), "0.bias.npy", "0.bias\u00ff.np");
        rejects(badName, null, "not a valid .npz (zip) file");
    }

    private static byte[] archive(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npz.write(model, out);
        return out.toByteArray();
    }

    /** The entries of a zip archive, in order. */
    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** A zip archive of these entries, stored (as numpy.savez) or deflated (numpy.savez_compressed). */
    static byte[] zip(Map<String, byte[]> entries, boolean deflate) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (!deflate) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from));
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A file of the PyTorch fixtures (interop/pytorch/fixtures), or the test is skipped. */
    static File fixture(String name) {
        for (String folder : new String[] {"../interop/pytorch/fixtures", "interop/pytorch/fixtures"}) {
            File f = new File(folder, name);
            if (f.isFile()) {
                return f;
            }
        }
        Assumptions.abort("no " + name + " in interop/pytorch/fixtures");
        return null;
    }

    private static TensorFileException rejects(byte[] bytes, String tensor, String message) throws IOException {
        Model model = ArraysModel.of(FLOAT, 7);
        long[][] before = ArraysModel.bits(model);
        InputStream in = new ByteArrayInputStream(bytes);
        TensorFileException e = assertThrows(TensorFileException.class, () -> Npz.load(model, in, SOURCE), message);
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
        assertEquals(tensor, e.tensor(), e.getMessage());
        assertArrayEquals(before, ArraysModel.bits(model), "a failed load changed the model: " + e.getMessage());
        return e;
    }
}
