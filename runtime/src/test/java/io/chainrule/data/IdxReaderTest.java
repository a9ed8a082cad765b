package io.chainrule.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.Precision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    /** Three 2x3 images with pixels 0, 1, .. 17 (the last is 255) and labels 7, 0, 9. */
    private static byte[] images() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2051);
        out.writeInt(3);
        out.writeInt(2);
        out.writeInt(3);
        for (int i = 0; i < 17; i++) {
            out.writeByte(i);
        }
        out.writeByte(255);
        return bytes.toByteArray();
    }

    private static byte[] labels(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2049);
        out.writeInt(values.length);
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static Dataset read(byte[] images, byte[] labels, Precision precision) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(images), "img", new ByteArrayInputStream(labels), "lbl",
                precision);
    }

    private static String fails(byte[] images, byte[] labels) {
        return assertThrows(MalformedDataException.class, () -> read(images, labels, Precision.FLOAT)).getMessage();
    }

    @Test
    void plainFloat() throws IOException {
        Dataset d = read(images(), labels(7, 0, 9), Precision.FLOAT);
        assertEquals(3, d.size());
        assertEquals(6, d.featureCount());
        assertEquals(10, d.classCount());
        assertArrayEquals(new int[] {7, 0, 9}, d.labels());
        float[] x = d.floatFeatures();
        assertEquals(0f, x[0]);
        assertEquals(5f / 255f, x[5]);
        assertEquals(1f, x[17]);
    }

    @Test
    void gzipDoubleFromFiles(@TempDir File dir) throws IOException {
        File img = new File(dir, "img.gz");
        File lbl = new File(dir, "lbl.gz");
        Files.write(img.toPath(), gzip(images()));
        Files.write(lbl.toPath(), gzip(labels(7, 0, 9)));
        Dataset d = IdxReader.read(img, lbl, Precision.DOUBLE);
        assertArrayEquals(new int[] {7, 0, 9}, d.labels());
        assertEquals(16 / 255.0, d.doubleFeatures()[16]);
        assertEquals(1.0, d.doubleFeatures()[17]);
        // Plain and gzip give the same data.
        assertArrayEquals(read(images(), labels(7, 0, 9), Precision.DOUBLE).doubleFeatures(), d.doubleFeatures());
    }

    @Test
    void wrongMagicNumbers() throws IOException {
        assertEquals("img: not an IDX image file: magic number 2049 (that of an IDX label file), expected 2051",
                fails(labels(1, 2, 3), labels(1, 2, 3)));
        byte[] corrupt = labels(1, 2, 3);
        corrupt[3] = 0;
        assertEquals("lbl: not an IDX label file: magic number 2048, expected 2049", fails(images(), corrupt));
    }

    @Test
    void truncatedPlainAndGzip() throws IOException {
        byte[] shortImages = Arrays.copyOf(images(), 16 + 10);
        String expected = "img: truncated: the header announces 3 images of 2x3 pixels but the data ends after 10 bytes"
                + " (26 bytes with the header)";
        assertEquals(expected, fails(shortImages, labels(7, 0, 9)));
        assertEquals(expected, fails(gzip(shortImages), labels(7, 0, 9)));

        byte[] gz = gzip(images());
        String message = fails(Arrays.copyOf(gz, gz.length - 12), labels(7, 0, 9));
        assertTrue(message.startsWith("img: truncated"), message);
        assertEquals("lbl: truncated: the file ends inside its header", fails(images(), Arrays.copyOf(labels(7), 6)));
        assertEquals("lbl: truncated: the header announces 3 labels but the data ends after 2 bytes (10 bytes with the header)",
                fails(images(), Arrays.copyOf(labels(7, 0, 9), 10)));
    }

    @Test
    void longerThanTheHeaderSays() throws IOException {
        byte[] longer = Arrays.copyOf(images(), images().length + 1);
        assertEquals("img: the data goes on after the 3 images of 2x3 pixels its header announces",
                fails(longer, labels(7, 0, 9)));
    }

    @Test
    void countsAndLabelsMustAgree() throws IOException {
        assertEquals("lbl: holds 2 labels but img holds 3 images", fails(images(), labels(1, 2)));
        assertEquals("lbl: label 10 of item 1 is outside 0..9", fails(images(), labels(1, 10, 2)));
        byte[] zeroRows = images();
        zeroRows[11] = 0;
        assertEquals("img: the header gives row count 0; it must be at least 1", fails(zeroRows, labels(1, 2, 3)));
    }

    /** An image file whose header says {@code count x rows x columns} but which holds {@code pixels} bytes. */
    private static byte[] imageHeader(int count, int rows, int columns, int pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2051);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        out.write(new byte[pixels]);
        return bytes.toByteArray();
    }

    /**
     * Runs {@code read}, which must throw a MalformedDataException, and returns it; asserts that
     * the calling thread allocated at most {@code limit} bytes meanwhile.
     */
    private static MalformedDataException failsWithin(long limit, Executable read) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes");
        long before = threads.getCurrentThreadAllocatedBytes();
        MalformedDataException e = assertThrows(MalformedDataException.class, read);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= limit, "allocated " + allocated + " bytes, more than " + limit + ": " + e.getMessage());
        return e;
    }

    private static final long FOUR_MB = 4 << 20;

    // A header of 1 x 46340 x 46340 pixels (2,147,395,600: just under the largest array) used to
    // make the reader allocate 8.6 GB of floats before reading any pixel.
    @Test
    void hugeHeaderOnAShortStreamFailsWithoutAllocatingWhatItAnnounces() throws IOException {
        byte[] images = imageHeader(1, 46340, 46340, 10);
        MalformedDataException e = failsWithin(FOUR_MB, () -> read(images, labels(3), Precision.FLOAT));
        assertEquals("img: truncated: the header announces 1 images of 46340x46340 pixels but the data ends after"
                + " 10 bytes (26 bytes with the header)", e.getMessage());
        failsWithin(FOUR_MB, () -> read(gzip(images), labels(3), Precision.DOUBLE));
    }

    @Test
    void plainFilesAreCheckedAgainstTheirLengthBeforeReadingTheData(@TempDir File dir) throws IOException {
        File img = new File(dir, "img");
        File lbl = new File(dir, "lbl");
        Files.write(img.toPath(), imageHeader(1, 46340, 46340, 10));
        Files.write(lbl.toPath(), labels(3));
        MalformedDataException e = failsWithin(FOUR_MB, () -> IdxReader.read(img, lbl, Precision.FLOAT));
        assertEquals(img.getPath() + ": truncated: the header announces 1 images of 46340x46340 pixels"
                + " (2147395616 bytes with the header) but the file has 26 bytes", e.getMessage());

        Files.write(img.toPath(), images());
        Files.write(lbl.toPath(), Arrays.copyOf(labels(7, 0, 9), 12));
        e = failsWithin(FOUR_MB, () -> IdxReader.read(img, lbl, Precision.FLOAT));
        assertEquals(lbl.getPath() + ": the data goes on after the 3 labels its header announces (11 bytes with the"
                + " header; the file has 12)", e.getMessage());
    }

    // One corrupted byte in the column count of a 100-image 28x28 file (28 -> 0x0002001c = 131100)
    // used to allocate 1.4 GB of floats before the file turned out to be short.
    @Test
    void oneCorruptedDimensionDoesNotAllocateForTheImagesItAnnounces(@TempDir File dir) throws IOException {
        byte[] images = imageHeader(100, 28, 28, 100 * 28 * 28);
        images[13] = 0x02;
        int[] digits = new int[100];
        byte[] labels = labels(digits);
        MalformedDataException e = failsWithin(FOUR_MB, () -> read(images, labels, Precision.FLOAT));
        assertTrue(e.getMessage().startsWith("img: truncated: the header announces 100 images of 28x131100 pixels"),
                e.getMessage());
        failsWithin(FOUR_MB, () -> read(gzip(images), gzip(labels), Precision.FLOAT));
        File img = new File(dir, "img.gz");
        File lbl = new File(dir, "lbl.gz");
        Files.write(img.toPath(), gzip(images));
        Files.write(lbl.toPath(), gzip(labels));
        failsWithin(FOUR_MB, () -> IdxReader.read(img, lbl, Precision.FLOAT));
    }

    // 2,147,483,639 images of 1x1 pixel and as many labels: the label array (2 GB) used to be
    // allocated before any label was read.
    @Test
    void hugeLabelCountDoesNotAllocateTheLabels() throws IOException {
        byte[] images = imageHeader(Integer.MAX_VALUE - 8, 1, 1, 3);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(labels);
        out.writeInt(2049);
        out.writeInt(Integer.MAX_VALUE - 8);
        out.write(new byte[] {1, 2, 3});
        MalformedDataException e = failsWithin(FOUR_MB, () -> read(images, labels.toByteArray(), Precision.FLOAT));
        assertEquals("lbl: truncated: the header announces 2147483639 labels but the data ends after 3 bytes"
                + " (11 bytes with the header)", e.getMessage());
    }

    // Reads the real MNIST test set from shared/data/mnist (see SharedData); skipped, not failed,
    // where it is absent. The training set is left out to keep the test's memory small.
    @Test
    void realMnistTestSet() throws IOException {
        File images = SharedData.file("mnist/t10k-images-idx3-ubyte.gz");
        File labels = SharedData.file("mnist/t10k-labels-idx1-ubyte.gz");
        assumeTrue(images != null && labels != null, "shared/data/mnist not found; set CHAINRULE_DATA to run this test");
        Dataset d = IdxReader.read(images, labels, Precision.FLOAT);
        assertEquals(10000, d.size());
        assertEquals(784, d.featureCount());
        int[] counts = CsvReaderTest.classCounts(d);
        assertEquals(980, counts[0]);
        assertEquals(1135, counts[1]);
        float max = 0;
        for (float v : d.floatFeatures()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }
}
