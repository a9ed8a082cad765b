package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import io.chainrule.data.IdxReader;
import io.chainrule.data.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link IdxReader}: an image file of 20 images of 4x5 pixels and its label
 * file, plain or gzip, are damaged (the plain bytes; the content of a gzip file, recompressed, so
 * the damage reaches the parser; or the compressed bytes themselves) and read through streams and
 * through files, in float and double. The reader must agree with a reference reading of the
 * format: a pair that is still well-formed loads exactly its pixels and labels; any other is
 * rejected with a {@link MalformedDataException} whose message starts with a file's name and names
 * the damaged file. The run also bounds the bytes each read allocates, so a damaged header that
 * announces gigabytes fails the run even where the heap could hold them.
 */
class IdxReaderFuzzTest {
    private static final int COUNT = 20;
    private static final int ROWS = 4;
    private static final int COLUMNS = 5;
    private static final String IMAGES = "train-images.idx";
    private static final String LABELS = "train-labels.idx";

    @TempDir
    File dir;

    private static byte[] images() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGE_MAGIC);
        out.writeInt(COUNT);
        out.writeInt(ROWS);
        out.writeInt(COLUMNS);
        Random random = new Random(5);
        for (int i = 0; i < COUNT * ROWS * COLUMNS; i++) {
            // Mostly black, some grey and some white, as in MNIST; the corners 0 and 255 included.
            int r = random.nextInt(4);
            out.writeByte(i == 0 ? 0 : i == 1 ? 255 : r < 2 ? 0 : r == 2 ? 255 : random.nextInt(256));
        }
        return bytes.toByteArray();
    }

    private static byte[] labels() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABEL_MAGIC);
        out.writeInt(COUNT);
        for (int i = 0; i < COUNT; i++) {
            out.writeByte((i * 7) % 10);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static final int[] IMAGE_FIELDS = {0, 4, 8, 12};
    private static final int[] IMAGE_BOUNDARIES = {0, 4, 8, 12, 16, 16 + ROWS * COLUMNS, 16 + COUNT * ROWS * COLUMNS};
    private static final int[] LABEL_FIELDS = {0, 4};
    private static final int[] LABEL_BOUNDARIES = {0, 4, 8, 8 + COUNT};

    /** Damages one file: its plain bytes, its content before gzip, or its gzip bytes. */
    private static byte[] damage(Mutator m, byte[] plain, boolean gzip, int[] fields, int[] boundaries)
            throws IOException {
        if (!gzip) {
            return m.mutateBytes(plain, fields, boundaries);
        }
        if (m.random().nextBoolean()) {
            return gzip(m.mutateBytes(plain, fields, boundaries));
        }
        byte[] compressed = gzip(plain);
        int n = compressed.length;
        // gzip: flags (3), mtime (4), header end (10), CRC-32 (n - 8), size (n - 4)
        return m.mutateBytes(compressed, new int[] {4, n - 8, n - 4}, new int[] {0, 2, 3, 4, 10, n - 8, n - 4, n});
    }

    @Test
    void damagedIdxFilesAreRejectedNamingTheFileOrLoadTheirPixels() throws Exception {
        byte[] images = images();
        byte[] labels = labels();
        File imageFile = new File(dir, IMAGES);
        File labelFile = new File(dir, LABELS);
        FuzzRun run = new FuzzRun("IdxReader", 300);
        run.run(8 << 20, (index, m) -> {
            boolean gzip = index % 2 == 1;
            int which = m.random().nextInt(5); // 0, 1: images; 2, 3: labels; 4: both
            byte[] damagedImages = which == 2 || which == 3 ? (gzip ? gzip(images) : images)
                    : damage(m, images, gzip, IMAGE_FIELDS, IMAGE_BOUNDARIES);
            byte[] damagedLabels = which == 0 || which == 1 ? (gzip ? gzip(labels) : labels)
                    : damage(m, labels, gzip, LABEL_FIELDS, LABEL_BOUNDARIES);
            Precision precision = m.random().nextBoolean() ? Precision.FLOAT : Precision.DOUBLE;
            boolean viaFiles = m.random().nextBoolean();
            String imagesName = viaFiles ? imageFile.getPath() : IMAGES;
            String labelsName = viaFiles ? labelFile.getPath() : LABELS;
            Reference expected = Reference.read(damagedImages, damagedLabels);
            Dataset data;
            try {
                if (viaFiles) {
                    Files.write(imageFile.toPath(), damagedImages);
                    Files.write(labelFile.toPath(), damagedLabels);
                    data = FuzzRun.measured(() -> IdxReader.read(imageFile, labelFile, precision));
                } else {
                    data = FuzzRun.measured(() -> IdxReader.read(new ByteArrayInputStream(damagedImages), IMAGES,
                            new ByteArrayInputStream(damagedLabels), LABELS, precision));
                }
            } catch (MalformedDataException e) {
                String message = e.getMessage();
                assertTrue(message != null && (message.startsWith(imagesName + ": ") || message.startsWith(labelsName + ": "))
                        && message.length() > imagesName.length() + 2, "message does not start with a file name: " + message);
                if (which < 2) {
                    assertTrue(message.contains(imagesName), "only the images were damaged: " + message);
                } else if (which < 4) {
                    assertTrue(message.contains(labelsName), "only the labels were damaged: " + message);
                }
                if (expected.ok()) {
                    fail("rejected a well-formed pair: " + message);
                }
                return FuzzRun.Outcome.rejected(e, e.source());
            }
            if (!expected.ok()) {
                fail("loaded a malformed pair; reference: " + expected.error);
            }
            assertEquals(expected.count, data.size());
            assertEquals(expected.features, data.featureCount());
            assertEquals(IdxReader.CLASS_COUNT, data.classCount());
            assertArrayEquals(expected.labels, data.labels());
            for (int i = 0; i < expected.pixels.length; i++) {
                int p = expected.pixels[i] & 0xff;
                if (precision == Precision.FLOAT) {
                    assertEquals(p / 255f, data.floatFeatures()[i], "pixel " + i);
                } else {
                    assertEquals(p / 255.0, data.doubleFeatures()[i], "pixel " + i);
                }
            }
            boolean unchanged = Arrays.equals(damagedImages, gzip ? gzip(images) : images)
                    && Arrays.equals(damagedLabels, gzip ? gzip(labels) : labels);
            return FuzzRun.Outcome.loaded((unchanged ? "unchanged" : "damaged but well-formed") + (gzip ? ", gzip" : ", plain"));
        });
    }

    /** The format read plainly from whole byte arrays: what a well-formed pair holds, or why it is not one. */
    private static final class Reference {
        String error;
        int count;
        int features;
        byte[] pixels;
        int[] labels;

        boolean ok() {
            return error == null;
        }

        static Reference read(byte[] imageFile, byte[] labelFile) {
            Reference r = new Reference();
            byte[] images = decompressed(imageFile);
            byte[] labels = decompressed(labelFile);
            if (images == null || labels == null) {
                r.error = "bad gzip " + (images == null ? "images" : "labels");
                return r;
            }
            if (images.length < 16 || labels.length < 8) {
                r.error = "short header";
                return r;
            }
            ByteBuffer im = ByteBuffer.wrap(images);
            ByteBuffer lb = ByteBuffer.wrap(labels);
            int count = im.getInt(4);
            int rows = im.getInt(8);
            int columns = im.getInt(12);
            long pixels = (long) count * rows * columns;
            if (im.getInt(0) != IdxReader.IMAGE_MAGIC || lb.getInt(0) != IdxReader.LABEL_MAGIC) {
                r.error = "magic";
            } else if (count < 1 || rows < 1 || columns < 1 || pixels > Integer.MAX_VALUE - 8) {
                r.error = "dimensions";
            } else if (lb.getInt(4) != count) {
                r.error = "counts differ";
            } else if (images.length != 16 + pixels || labels.length != 8 + count) {
                r.error = "lengths";
            } else {
                r.labels = new int[count];
                for (int i = 0; i < count; i++) {
                    r.labels[i] = labels[8 + i] & 0xff;
                    if (r.labels[i] > 9) {
                        r.error = "label " + r.labels[i];
                    }
                }
                r.count = count;
                r.features = rows * columns;
                r.pixels = Arrays.copyOfRange(images, 16, images.length);
            }
            return r;
        }

        /** The file's bytes, gunzipped if they start with the gzip magic; null if gzip fails. */
        private static byte[] decompressed(byte[] file) {
            if (file.length < 2 || (file[0] & 0xff) != 0x1f || (file[1] & 0xff) != 0x8b) {
                return file;
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
                return in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
