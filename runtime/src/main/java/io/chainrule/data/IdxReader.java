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
 * says, image and label counts that differ, a label outside {@code 0..9}) is reported as a
 * {@link MalformedDataException} naming the file.
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

    private IdxReader() {
    }

    /** Reads the image file and the label file (each plain or gzip); messages name them by path. */
    public static Dataset read(File images, File labels, Precision precision) throws IOException {
        InputStream imageStream = new FileInputStream(images);
        try {
            InputStream labelStream = new FileInputStream(labels);
            try {
                return read(imageStream, images.getPath(), labelStream, labels.getPath(), precision);
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
        DataInputStream imageIn = new DataInputStream(decompressed(images, imagesName));
        DataInputStream labelIn = new DataInputStream(decompressed(labels, labelsName));

        checkMagic(imageIn, imagesName, IMAGE_MAGIC);
        int count = dimension(imageIn, imagesName, "image count");
        int rows = dimension(imageIn, imagesName, "row count");
        int columns = dimension(imageIn, imagesName, "column count");
        long pixels = (long) count * rows * columns;
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new MalformedDataException(imagesName, count + " images of " + rows + "x" + columns
                    + " pixels are too many to hold in one array");
        }
        checkMagic(labelIn, labelsName, LABEL_MAGIC);
        int labelCount = dimension(labelIn, labelsName, "label count");
        if (labelCount != count) {
            throw new MalformedDataException(labelsName, "holds " + labelCount + " labels but "
                    + imagesName + " holds " + count + " images");
        }

        byte[] labelBytes = new byte[count];
        readFully(labelIn, labelsName, labelBytes, 0, count, 8, count + " labels");
        checkEnd(labelIn, labelsName, count + " labels");
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = labelBytes[i] & 0xff;
            if (y[i] >= CLASS_COUNT) {
                throw new MalformedDataException(labelsName, "label " + y[i] + " of item " + i
                        + " is outside 0.." + (CLASS_COUNT - 1));
            }
        }

        String what = count + " images of " + rows + "x" + columns + " pixels";
        int featureCount = rows * columns;
        byte[] chunk = new byte[1 << 16];
        Dataset data;
        if (precision == Precision.FLOAT) {
            float[] x = new float[(int) pixels];
            for (int done = 0; done < x.length; ) {
                int n = Math.min(chunk.length, x.length - done);
                readFully(imageIn, imagesName, chunk, done, n, 16, what);
                for (int i = 0; i < n; i++) {
                    x[done + i] = (chunk[i] & 0xff) / 255f;
                }
                done += n;
            }
            data = Dataset.ofLabels(x, featureCount, y, CLASS_COUNT);
        } else {
            double[] x = new double[(int) pixels];
            for (int done = 0; done < x.length; ) {
                int n = Math.min(chunk.length, x.length - done);
                readFully(imageIn, imagesName, chunk, done, n, 16, what);
                for (int i = 0; i < n; i++) {
                    x[done + i] = (chunk[i] & 0xff) / 255.0;
                }
                done += n;
            }
            data = Dataset.ofLabels(x, featureCount, y, CLASS_COUNT);
        }
        checkEnd(imageIn, imagesName, what);
        return data;
    }

    /** {@code in}, decompressed if it starts with the gzip magic bytes. */
    private static InputStream decompressed(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return buffered;
        }
        try {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        } catch (EOFException e) {
            throw new MalformedDataException(name, "truncated gzip header", e);
        } catch (ZipException e) {
            throw new MalformedDataException(name, "not a valid gzip file: " + e.getMessage(), e);
        }
    }

    private static void checkMagic(DataInputStream in, String name, int expected) throws IOException {
        int magic = header(in, name);
        if (magic != expected) {
            String kind = expected == IMAGE_MAGIC ? "image" : "label";
            String found = magic == IMAGE_MAGIC ? " (that of an IDX image file)"
                    : magic == LABEL_MAGIC ? " (that of an IDX label file)" : "";
            throw new MalformedDataException(name, "not an IDX " + kind + " file: magic number "
                    + magic + found + ", expected " + expected);
        }
    }

    private static int dimension(DataInputStream in, String name, String what) throws IOException {
        int value = header(in, name);
        if (value < 1) {
            throw new MalformedDataException(name, "the header gives " + what + " " + value
                    + "; it must be at least 1");
        }
        return value;
    }

    private static int header(DataInputStream in, String name) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new MalformedDataException(name, "truncated: the file ends inside its header", e);
        } catch (ZipException e) {
            throw new MalformedDataException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code n} bytes into {@code buffer[0 ..]}; {@code done} bytes of the data were read
     * before, after a header of {@code headerBytes} bytes.
     */
    private static void readFully(InputStream in, String name, byte[] buffer, long done, int n,
            int headerBytes, String what) throws IOException {
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(buffer, got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (EOFException e) {
            throw truncated(name, what, done + got, headerBytes, e);
        } catch (ZipException e) {
            throw new MalformedDataException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
        if (got < n) {
            throw truncated(name, what, done + got, headerBytes, null);
        }
    }

    private static MalformedDataException truncated(String name, String what, long bytesRead,
            int headerBytes, Throwable cause) {
        MalformedDataException e = new MalformedDataException(name, "truncated: the header announces "
                + what + " but the data ends after " + bytesRead + " bytes (" + (headerBytes + bytesRead)
                + " bytes with the header)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static void checkEnd(InputStream in, String name, String what) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (EOFException e) {
            throw new MalformedDataException(name, "truncated: the gzip stream ends before its trailer", e);
        } catch (ZipException e) {
            throw new MalformedDataException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
        if (next >= 0) {
            throw new MalformedDataException(name, "the data goes on after the " + what
                    + " its header announces");
        }
    }
}
