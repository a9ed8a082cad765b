package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    private static final String SOURCE = "a.npy";

    @TempDir
    File dir;

    /** The bytes numpy.save (NumPy 1.24) writes for np.zeros((2, 3), np.float32), header and all. */
    @Test
    void writesWhatNumpyWrites() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new long[] {2, 3}, new float[6]);
        byte[] bytes = out.toByteArray();
        String expected = "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
                + " ".repeat(58) + "\n";
        assertEquals(expected, new String(bytes, 0, 128, StandardCharsets.ISO_8859_1));
        assertEquals(152, bytes.length);
        out.reset();
        Npy.write(out, new long[] {2}, new double[] {1.5, -2});
        bytes = out.toByteArray();
        assertEquals("\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
                + " ".repeat(60) + "\n", new String(bytes, 0, 128, StandardCharsets.ISO_8859_1));
        assertEquals(1.5, ByteBuffer.wrap(bytes, 128, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    @Test
    void readsWhatItWrites() throws IOException {
        File file = new File(dir, "x.npy");
        double[] values = {1, 2.5, -3, 4e-300, 5, 6};
        Npy.save(file, new long[] {3, 2}, values);
        Npy.Array a = Npy.read(file);
        assertArrayEquals(new long[] {3, 2}, a.shape());
        assertArrayEquals(values, a.values());
        Npy.save(file, new long[] {6}, new float[] {1, 2, 3, 4, 5, 0.1f});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 0.1f}, Npy.read(file).floatValues());
    }

    /** Version 2.0 and 3.0 headers, big-endian and half-precision data, Fortran order. */
    @Test
    void readsOtherLayouts() throws IOException {
        // np.lib.format.write_array(f, np.arange(3, dtype='<f2'), version=(3, 0))
        byte[] v3 = npy(3, "{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", 0x00, 0x00, 0x00, 0x3C, 0x00, 0x40);
        assertArrayEquals(new double[] {0, 1, 2}, read(v3).values());
        byte[] v2 = npy(2, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", 0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0);
        Npy.Array a = read(v2);
        assertArrayEquals(new long[] {1, 2}, a.shape());
        assertArrayEquals(new double[] {1, -2}, a.values());
        // np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)): stored column by column
        byte[] fortran = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                le(0f), le(3f), le(1f), le(4f), le(2f), le(5f));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, read(fortran).values());
        // a Python 2 header: 3L
        assertArrayEquals(new long[] {3}, read(npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (3L,), }",
                0, 0, 0, 0, 0, 0)).shape());
    }

    @Test
    void rejectsWhatItCannotRead() {
        rejects("CHRL0000".getBytes(StandardCharsets.ISO_8859_1), "not a .npy array: it does not start with \\x93NUMPY");
        rejects(npy(4, "{}"), "unsupported .npy format version 4.0; expected 1.0, 2.0 or 3.0");
        byte[] huge = npy(2, "{}");
        huge[8] = 0;
        huge[9] = 0;
        huge[10] = 1; // 65536 bytes, fine; the next is over
        huge[11] = 0;
        rejects(huge, "truncated: the file ends inside the 65536-byte .npy header");
        huge[10] = 2;
        rejects(huge, "corrupted: .npy header length 131072 is over the limit of 65536 bytes");
        rejects(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 0, 0, 0, 0, 0, 0, 0, 0),
                "dtype '<i8' is not a floating-point type Chainrule reads; expected '<f4', '<f8' or '<f2'");
        rejects(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
                "corrupted .npy header: it needs 'descr' (a string), 'fortran_order' (True or False) and 'shape'");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
                "corrupted .npy header: unknown key 'extra'");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"),
                "corrupted .npy header: unexpected '-' at character 51");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", le(1f)),
                "truncated: the data ends after 1 of the 2 values of shape [2]");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", le(1f), le(2f)),
                "unexpected data after the 1 values of shape [1]");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", le(1f), le(Float.NaN)),
                "element [1] is NaN; values must be finite numbers");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (461168601842738790, 40), }"),
                "shape [461168601842738790, 40] is too large");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }"),
                "shape [100000, 100000] has 10000000000 elements, more than a Java array holds");
        rejects(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk"),
                "corrupted .npy header: unexpected 'j' after the dict at character 58");
    }

    /** A header that announces a billion values allocates only what the bytes that are there need. */
    @Test
    void allocatesForTheDataThatIsThereNotForTheShape() throws IOException {
        byte[] big = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }", le(1f), le(2f));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        rejects(big, "truncated: the data ends after 1 of the 1000000000 values");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4 << 20, allocated + " bytes");
    }

    private static Npy.Array read(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes), SOURCE);
    }

    private static void rejects(byte[] bytes, String message) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> read(bytes), message);
        assertEquals(SOURCE + ": " + message, e.getMessage().length() > SOURCE.length() + 2 + message.length()
                ? e.getMessage().substring(0, SOURCE.length() + 2 + message.length()) : e.getMessage());
    }

    /** A .npy file of format version {@code major}.0 with this header text and data bytes (ints or byte arrays). */
    static byte[] npy(int major, String dict, Object... data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        out.write(major);
        out.write(0);
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int n = text.length;
        out.write(n);
        out.write(n >>> 8);
        if (major > 1) {
            out.write(n >>> 16);
            out.write(n >>> 24);
        }
        out.writeBytes(text);
        for (Object d : data) {
            if (d instanceof byte[]) {
                out.writeBytes((byte[]) d);
            } else {
                out.write((Integer) d);
            }
        }
        return out.toByteArray();
    }

    static byte[] le(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
    }
}
