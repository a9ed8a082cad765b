package io.chainrule.io;

import io.chainrule.Model;
import io.chainrule.Precision;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes a model's parameters as a NumPy {@code .npz} archive: a zip file of one
 * {@link Npy} array per tensor, named as in {@link TensorLayout} ({@code 0.weight.npy}, ...), as
 * {@code numpy.savez(file, **state_dict)} writes it and {@code numpy.load(file)["0.weight"]} reads
 * it. The archive holds tensors only: no architecture, classes or scaler (use
 * {@link Safetensors} to carry those).
 *
 * <p>Writing: the model's precision ({@code <f4} or {@code <f8}), entries stored uncompressed
 * like {@code numpy.savez}, with a fixed date, so the same model gives the same bytes; atomic, as
 * {@link ModelFile#save}. Reading: stored or deflated entries ({@code numpy.savez_compressed}),
 * every .npy type {@link Npy} reads, in either order; each failure is a {@link TensorFileException}
 * naming the file and the tensor: not a zip file, an entry that is not a {@code .npy} array, a
 * tensor the model does not have or has with another shape, the same tensor twice, a missing
 * tensor, a damaged array (see {@link Npy}), NaN or infinite values. An entry is read only up to
 * the bytes its checked header announces (plus one, to see that it ends there), so a damaged or
 * hostile archive costs no more memory than the model's own parameters. The model changes only
 * when the whole archive has been read and checked.
 */
public final class Npz {

    private Npz() {
    }

    /** Atomically writes {@code model}'s parameters to {@code file}. */
    public static void save(final Model model, File file) throws IOException {
        final TensorLayout layout = TensorLayout.of(model);
        layout.requireFinite(model);
        AtomicFile.write(file, new AtomicFile.Body() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(model, layout, out);
            }
        });
    }

    /** Writes the archive to {@code out} and finishes it, without closing {@code out}. */
    public static void write(Model model, OutputStream out) throws IOException {
        TensorLayout layout = TensorLayout.of(model);
        layout.requireFinite(model);
        write(model, layout, out);
    }

    private static void write(Model model, TensorLayout layout, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        ParameterValues values = ParameterValues.of(model);
        // 1980-01-01 00:00 local time: the DOS date numpy.savez writes, whatever the time zone
        long date = new GregorianCalendar(1980, Calendar.JANUARY, 1).getTimeInMillis();
        for (TensorLayout.Tensor t : layout.tensors()) {
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            if (model.precision() == Precision.FLOAT) {
                float[] v = new float[t.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = values.getFloat(t, k);
                }
                Npy.write(npy, t.shape(), v);
            } else {
                double[] v = new double[t.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = values.get(t, k);
                }
                Npy.write(npy, t.shape(), v);
            }
            byte[] bytes = npy.toByteArray();
            ZipEntry entry = new ZipEntry(t.name() + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setCrc(crc.getValue());
            entry.setTime(date);
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish();
        out.flush();
    }

    /** Loads {@code file} into {@code model}. */
    public static void load(Model model, File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            load(model, in, file.getPath());
        }
    }

    /**
     * Loads the archive read from {@code in} (not closed) into {@code model}; {@code source} names
     * the stream in error messages. On failure the model is unchanged.
     */
    public static void load(Model model, InputStream in, String source) throws IOException {
        TensorLayout layout = TensorLayout.of(model);
        ParameterValues values = ParameterValues.blankLike(model);
        Set<String> seen = new HashSet<String>();
        ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, TensorStreams.CHUNK));
        byte[] buffer = new byte[TensorStreams.CHUNK];
        String current = null;
        try {
            while (true) {
                current = null;
                ZipEntry entry = zip.getNextEntry();
                if (entry == null) {
                    break;
                }
                String name = entry.getName();
                current = name;
                if (!name.endsWith(".npy")) {
                    throw new TensorFileException(source, null, "entry '" + Text.shown(name)
                            + "' is not a .npy array (an .npz holds name.npy entries)");
                }
                String tensorName = name.substring(0, name.length() - 4);
                current = tensorName;
                TensorLayout.Tensor t = layout.tensor(tensorName);
                if (t == null) {
                    throw new TensorFileException(source, tensorName, "extra tensor: the model has no parameter of this"
                            + " name (it has " + Safetensors.names(layout) + ")");
                }
                if (!seen.add(tensorName)) {
                    throw new TensorFileException(source, tensorName, "appears twice in the archive");
                }
                NpyHeader h = NpyHeader.read(zip, source, tensorName);
                TensorChecks.checkShape(t, h.shape, source);
                long n = h.elements();
                long k = 0;
                while (k < n) {
                    int want = (int) Math.min((n - k) * h.dtype.size, buffer.length);
                    int got = TensorStreams.readFully(zip, buffer, want);
                    if (got < want) {
                        throw new TensorFileException(source, tensorName, "truncated: the array ends after "
                                + (k + got / h.dtype.size) + " of its " + n + " values");
                    }
                    for (int at = 0; at < want; at += h.dtype.size) {
                        double v = h.dtype.decode(buffer, at, h.bigEndian);
                        TensorChecks.store(values, t, h.rowMajorIndex(k), v, h.dtype, source);
                        k++;
                    }
                }
                if (zip.read() >= 0) {
                    throw new TensorFileException(source, tensorName, "unexpected data after the array's " + n + " values");
                }
            }
        } catch (ZipException e) {
            throw new TensorFileException(source, current, "not a valid .npz (zip) file: " + e.getMessage(), e);
        } catch (EOFException e) {
            // ZipInputStream's report of an archive that ends inside an entry's header or data
            throw new TensorFileException(source, current, "truncated: the archive ends inside "
                    + (current != null ? "this entry" : "an entry's header"), e);
        } catch (IllegalArgumentException e) {
            // ZipInputStream's report of an entry name that is not valid UTF-8
            throw new TensorFileException(source, null, "not a valid .npz (zip) file: " + e.getMessage(), e);
        }
        if (seen.isEmpty()) {
            throw new TensorFileException(source, null, "not an .npz archive or an empty one: no .npy entries found");
        }
        for (TensorLayout.Tensor t : layout.tensors()) {
            if (!seen.contains(t.name())) {
                throw new TensorFileException(source, t.name(), "missing: the archive has no " + t.name()
                        + ".npy; the model's layer " + t.layer() + " needs it with shape " + t.shapeText());
            }
        }
        values.copyInto(model);
    }
}
