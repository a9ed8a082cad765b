package io.chainrule.data;

import io.chainrule.Precision;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a pair of IDX files in the MNIST format (an image file and its label file) into a
 * classification {@link Dataset} of 10 classes, with pixels scaled from {@code 0..255} to
 * {@code [0, 1]}.
 *
 * <p>Format, big-endian: images = int32 magic {@value #IMAGE_MAGIC}, int32 count, int32 rows,
 * int32 columns, then {@code count * rows * columns} unsigned bytes, image by image, row-major;
 * labels = int32 magic {@value #LABEL_MAGIC}, int32 count, then {@code count} bytes {@code 0..9}.
 * Each file may be plain or gzip-compressed (recognised by its first two bytes, {@code 1f 8b}).
 * Every problem (wrong magic number, bad dimensions, a file shorter or longer than its header
 * says, image and label counts that differ, a label outside {@code 0..9}, corrupt gzip data) is
 * reported as a {@link MalformedDataException} naming the file.
 *
 * <p>Nothing is allocated for what a header announces before the bytes are there: a plain file
 * read through {@link #read(File, File, Precision)} is checked against its length first, and the
 * data of any file is read in chunks of at most {@value #CHUNK_BYTES} bytes, each allocated once
 * the one before it is full, so a damaged header (say 1 x 46340 x 46340 pixels) costs at most one
 * chunk. The pixel array is allocated when all its bytes have been read; at that moment the
 * reader holds the file's bytes and the array (1.25 times the array for float).
 *
 * <pre>{@code
 * Dataset train = IdxReader.read(new File("train-images-idx3-ubyte.gz"),
 *         new File("train-labels-idx1-ubyte.gz"), Precision.FLOAT);   // 60000 x 784
 * }</pre>
 */
public final class IdxReader {
    /** Magic number of an IDX image file: unsigned bytes ({@code 0x08}), 3 dimensions. */
    public static final int IMAGE_MAGIC = 2051;
    /** Magic number of an IDX label file: unsigned bytes ({@code 0x08}), 1 dimension. */
    public static final int LABEL_MAGIC = 2049;
    /** Number of classes of the labels (digits, or Fashion-MNIST's ten kinds). */
    public static final int CLASS_COUNT = 10;

    /** The largest block of data bytes allocated before its bytes have been read. */
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int IMAGE_HEADER_BYTES = 16;
    private static final int LABEL_HEADER_BYTES = 8;

    private IdxReader() {
    }

    /**
     * Reads the image file and the label file (each plain or gzip); messages name them by path.
     * A plain file whose length differs from what its header announces is rejected before its
     * data is read.
     */
    public static Dataset read(File images, File labels, Precision precision) throws IOException {
        InputStream imageStream = new FileInputStream(images);
        try {
            InputStream labelStream = new FileInputStream(labels);
            try {
                return read(new Source(imageStream, images.getPath(), images.length()),
                        new Source(labelStream, labels.getPath(), labels.length()), precision);
            } finally {
                labelStream.close();
            }
        } finally {
            imageStream.close();
        }
    }

    /**
     * Reads images and labels from two streams (each plain or gzip), which are read to their end
     * but not closed; the names identify them in error messages.
     */
    public static Dataset read(InputStream images, String imagesName, InputStream labels,
            String labelsName, Precision precision) throws IOException {
        return read(new Source(images, imagesName, -1), new Source(labels, labelsName, -1), precision);
    }

    private static Dataset read(Source images, Source labels, Precision precision) throws IOException {
        images.open();
        labels.open();

        images.checkMagic(IMAGE_MAGIC);
        int count = images.dimension("image count");
        int rows = images.dimension("row count");
        int columns = images.dimension("column count");
        long pixels = (long) count * rows * columns;
        if (pixels > Integer.MAX_VALUE - 8) {
            throw images.error(count + " images of " + rows + "x" + columns
                    + " pixels are too many to hold in one array");
        }
        String what = count + " images of " + rows + "x" + columns + " pixels";
        images.checkLength(IMAGE_HEADER_BYTES, pixels, what);
        labels.checkMagic(LABEL_MAGIC);
        int labelCount = labels.dimension("label count");
        if (labelCount != count) {
            throw labels.error("holds " + labelCount + " labels but " + images.name + " holds " + count
                    + " images");
        }
        labels.checkLength(LABEL_HEADER_BYTES, count, count + " labels");

        byte[][] labelBytes = labels.readData(LABEL_HEADER_BYTES, count, count + " labels");
        labels.checkEnd(count + " labels");
        int[] y = new int[count];
        int item = 0;
        for (byte[] chunk : labelBytes) {
            for (byte b : chunk) {
                y[item] = b & 0xff;
                if (y[item] >= CLASS_COUNT) {
                    throw labels.error("label " + y[item] + " of item " + item + " is outside 0.."
                            + (CLASS_COUNT - 1));
                }
                item++;
            }
        }

        byte[][] pixelBytes = images.readData(IMAGE_HEADER_BYTES, pixels, what);
        images.checkEnd(what);
        int featureCount = rows * columns;
        int k = 0;
        if (precision == Precision.FLOAT) {
            float[] x = new float[(int) pixels];
            for (int c = 0; c < pixelBytes.length; c++) {
                for (byte b : pixelBytes[c]) {
                    x[k++] = (b & 0xff) / 255f;
                }
                pixelBytes[c] = null;
            }
            return Dataset.ofLabels(x, featureCount, y, CLASS_COUNT);
        }
        double[] x = new double[(int) pixels];
        for (int c = 0; c < pixelBytes.length; c++) {
            for (byte b : pixelBytes[c]) {
                x[k++] = (b & 0xff) / 255.0;
            }
            pixelBytes[c] = null;
        }
        return Dataset.ofLabels(x, featureCount, y, CLASS_COUNT);
    }

    /** One of the two files being read. */
    private static final class Source {
        private final InputStream raw;
        final String name;
        /** The length of the file in bytes if it is known and the file is plain; else -1. */
        private long plainLength;
        private DataInputStream in;

        Source(InputStream raw, String name, long length) {
            this.raw = raw;
            this.name = name;
            // File.length() is 0 for what it cannot measure (a pipe, a device): unknown, not empty.
            this.plainLength = length > 0 ? length : -1;
        }

        /** Starts reading: decompresses if the data starts with the gzip magic bytes. */
        void open() throws IOException {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 != 0x1f || b1 != 0x8b) {
                in = new DataInputStream(buffered);
                return;
            }
            plainLength = -1;
            try {
                in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16));
            } catch (EOFException e) {
                throw error("truncated gzip header", e);
            } catch (ZipException e) {
                throw error("not a valid gzip file: " + e.getMessage(), e);
            }
        }

        void checkMagic(int expected) throws IOException {
            int magic = header();
            if (magic != expected) {
                String kind = expected == IMAGE_MAGIC ? "image" : "label";
                String found = magic == IMAGE_MAGIC ? " (that of an IDX image file)"
                        : magic == LABEL_MAGIC ? " (that of an IDX label file)" : "";
                throw error("not an IDX " + kind + " file: magic number " + magic + found + ", expected "
                        + expected);
            }
        }

        int dimension(String what) throws IOException {
            int value = header();
            if (value < 1) {
                throw error("the header gives " + what + " " + value + "; it must be at least 1");
            }
            return value;
        }

        private int header() throws IOException {
            try {
                return in.readInt();
            } catch (EOFException e) {
                throw error("truncated: the file ends inside its header", e);
            } catch (ZipException e) {
                throw corrupt(e);
            }
        }

        /**
         * For a plain file of known length: checks that it holds the header and exactly
         * {@code dataBytes} bytes of data, before any of them is read.
         */
        void checkLength(int headerBytes, long dataBytes, String what) throws MalformedDataException {
            long expected = headerBytes + dataBytes;
            if (plainLength < 0 || plainLength == expected) {
                return;
            }
            if (plainLength < expected) {
                throw error("truncated: the header announces " + what + " (" + expected
                        + " bytes with the header) but the file has " + plainLength + " bytes");
            }
            throw error("the data goes on after the " + what + " its header announces (" + expected
                    + " bytes with the header; the file has " + plainLength + ")");
        }

        /**
         * Reads {@code n} data bytes in chunks of at most {@link #CHUNK_BYTES}, each allocated only
         * when the one before it is full.
         */
        byte[][] readData(int headerBytes, long n, String what) throws IOException {
            byte[][] chunks = new byte[(int) ((n + CHUNK_BYTES - 1) / CHUNK_BYTES)][];
            long done = 0;
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = new byte[(int) Math.min(CHUNK_BYTES, n - done)];
                readFully(chunks[c], done, headerBytes, what);
                done += chunks[c].length;
            }
            return chunks;
        }

        /** Fills {@code buffer}; {@code done} data bytes were read before it. */
        private void readFully(byte[] buffer, long done, int headerBytes, String what) throws IOException {
            int got = 0;
            try {
                while (got < buffer.length) {
                    int r = in.read(buffer, got, buffer.length - got);
                    if (r < 0) {
                        break;
                    }
                    got += r;
                }
            } catch (EOFException e) {
                throw truncated(what, done + got, headerBytes, e);
            } catch (ZipException e) {
                throw corrupt(e);
            }
            if (got < buffer.length) {
                throw truncated(what, done + got, headerBytes, null);
            }
        }

        private MalformedDataException truncated(String what, long bytesRead, int headerBytes, Throwable cause) {
            MalformedDataException e = error("truncated: the header announces " + what
                    + " but the data ends after " + bytesRead + " bytes (" + (headerBytes + bytesRead)
                    + " bytes with the header)");
            if (cause != null) {
                e.initCause(cause);
            }
            return e;
        }

        void checkEnd(String what) throws IOException {
            int next;
            try {
                next = in.read();
            } catch (EOFException e) {
                throw error("truncated: the gzip stream ends before its trailer", e);
            } catch (ZipException e) {
                throw corrupt(e);
            }
            if (next >= 0) {
                throw error("the data goes on after the " + what + " its header announces");
            }
        }

        private MalformedDataException corrupt(ZipException e) {
            return error("corrupt gzip data: " + e.getMessage(), e);
        }

        MalformedDataException error(String detail) {
            return new MalformedDataException(name, detail);
        }

        MalformedDataException error(String detail, Throwable cause) {
            return new MalformedDataException(name, detail, cause);
        }
    }
}
