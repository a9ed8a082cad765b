package io.chainrule.io;

import io.chainrule.Model;
import io.chainrule.Precision;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a model's parameters as a <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * file, the format of Hugging Face and of PyTorch's {@code safetensors.torch.save_file}, with the
 * tensor names and shapes of {@link TensorLayout} (PyTorch's {@code state_dict} of
 * {@code nn.Sequential} or of the README's {@code ChainruleNet}).
 *
 * <pre>{@code
 * Safetensors.save(model, ModelMetadata.of(model, scaler, classNames), new File("iris.safetensors"));
 * Map<String, String> metadata = Safetensors.load(otherModel, new File("iris.safetensors"));
 * }</pre>
 *
 * <h2>Format</h2>
 * <pre>
 * n         uint64, little-endian: the length of the header
 * header    n bytes of UTF-8 JSON: {"__metadata__": {"key": "value", ...},
 *           "0.weight": {"dtype": "F32", "shape": [16, 4], "data_offsets": [0, 256]}, ...}
 *           (padded with spaces to a multiple of 8 bytes)
 * data      the tensors' values, row-major, little-endian; data_offsets [begin, end) count from here
 * </pre>
 * Writing uses the model's precision ({@code F32} or {@code F64}) and puts the model's architecture
 * ({@link #ARCHITECTURE_KEY}) and {@code "format": "pt"} (which {@code safetensors.torch} writes)
 * into {@code __metadata__}, with the caller's entries. Files are written atomically, as
 * {@link ModelFile#save} writes them.
 *
 * <h2>Reading</h2>
 * {@code F32}, {@code F64}, {@code F16} and {@code BF16} tensors are read into a model of either
 * precision (a float64 value beyond float's range is an error, not an infinity). Every check is made
 * before the model changes, and each failure is a {@link TensorFileException} naming the file and,
 * where one is at fault, the tensor: a header length over {@value #MAX_HEADER_BYTES} bytes or past
 * the end of the file, a header that is not UTF-8 JSON of this shape, an unknown or non-float
 * {@code dtype}, a shape whose values do not fill its {@code data_offsets}, tensors that overlap
 * or leave bytes between them uncovered, data that ends early or goes on after the last tensor, a
 * tensor the model does not have, one it has with another shape, one the file lacks, a NaN or
 * infinite value, an {@code __metadata__} architecture other than the model's (the precision
 * word aside), and class names or a scaler in the metadata ({@link ModelMetadata}) that are
 * malformed or do not fit the model. A file's length is known, so its tensors' offsets are checked
 * against it before anything else is read; a stream's end is found as it is read. Nothing is
 * allocated for a size read from the file before it is bounded: the header is read in chunks as
 * its bytes arrive, and the values only into arrays the size of the model's.
 */
public final class Safetensors {
    /** The largest header this class reads: 16 MiB (the reference implementation's limit is 100 MB). */
    public static final int MAX_HEADER_BYTES = 16 << 20;
    /** The {@code __metadata__} key of the model's architecture string. */
    public static final String ARCHITECTURE_KEY = "chainrule.architecture";

    static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /** Saves {@code model} with the default metadata (its architecture and {@code "format": "pt"}). */
    public static void save(Model model, File file) throws IOException {
        save(model, Collections.<String, String>emptyMap(), file);
    }

    /**
     * Atomically writes {@code model}'s parameters to {@code file}, with {@code metadata} in the
     * header's {@code __metadata__} besides the architecture and format entries.
     */
    public static void save(final Model model, final Map<String, String> metadata, File file) throws IOException {
        final TensorLayout layout = TensorLayout.of(model);
        layout.requireFinite(model);
        AtomicFile.write(file, new AtomicFile.Body() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(model, layout, metadata, out);
            }
        });
    }

    /** Writes the safetensors file to {@code out} and flushes it, without closing it. */
    public static void write(Model model, Map<String, String> metadata, OutputStream out) throws IOException {
        TensorLayout layout = TensorLayout.of(model);
        layout.requireFinite(model);
        write(model, layout, metadata, out);
    }

    private static void write(Model model, TensorLayout layout, Map<String, String> metadata, OutputStream out)
            throws IOException {
        DType dtype = model.precision() == Precision.FLOAT ? DType.F32 : DType.F64;
        Map<String, String> meta = new LinkedHashMap<String, String>();
        meta.put(ARCHITECTURE_KEY, model.architecture());
        meta.put("format", "pt");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String old = meta.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) {
                throw new IllegalArgumentException("metadata " + e.getKey() + " = '" + e.getValue()
                        + "' contradicts the model's '" + old + "'");
            }
            meta.put(e.getKey(), e.getValue());
        }
        StringBuilder json = new StringBuilder("{").append(Json.quote(METADATA)).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            json.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            first = false;
        }
        json.append('}');
        long offset = 0;
        for (TensorLayout.Tensor t : layout.tensors()) {
            long end = offset + (long) t.size() * dtype.size;
            json.append(',').append(Json.quote(t.name())).append(":{\"dtype\":\"").append(dtype.safetensors)
                    .append("\",\"shape\":").append(Text.shape(t.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        while ((8 + json.length()) % 8 != 0) {
            json.append(' ');
        }
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[TensorStreams.CHUNK];
        long n = header.length;
        for (int i = 0; i < 8; i++) {
            buffer[i] = (byte) (n >>> (8 * i));
        }
        out.write(buffer, 0, 8);
        out.write(header);
        ParameterValues values = ParameterValues.of(model);
        int filled = 0;
        for (TensorLayout.Tensor t : layout.tensors()) {
            for (int k = 0; k < t.size(); k++) {
                if (filled + 8 > buffer.length) {
                    out.write(buffer, 0, filled);
                    filled = 0;
                }
                long bits = dtype == DType.F32 ? Float.floatToRawIntBits(values.getFloat(t, k))
                        : Double.doubleToRawLongBits(values.get(t, k));
                for (int i = 0; i < dtype.size; i++) {
                    buffer[filled++] = (byte) (bits >>> (8 * i));
                }
            }
        }
        out.write(buffer, 0, filled);
        out.flush();
    }

    /** Loads {@code file} into {@code model}; returns the header's {@code __metadata__}. */
    public static Map<String, String> load(Model model, File file) throws IOException {
        try (InputStream in = new FileInputStream(file)) {
            return load(model, in, file.getPath(), file.length());
        }
    }

    /**
     * Loads the safetensors file read from {@code in} (to its end; not closed) into {@code model}
     * and returns its {@code __metadata__} (in file order, unmodifiable); {@code source} names the
     * stream in error messages. On failure the model is unchanged.
     */
    public static Map<String, String> load(Model model, InputStream in, String source) throws IOException {
        return load(model, in, source, -1);
    }

    /** A load; with a known {@code fileLength} (else -1), the tensors' offsets are checked against it first. */
    private static Map<String, String> load(Model model, InputStream in, String source, long fileLength)
            throws IOException {
        TensorLayout layout = TensorLayout.of(model);
        InputStream data = new BufferedInputStream(in, TensorStreams.CHUNK);
        SafetensorsHeader header = SafetensorsHeader.read(data, source);
        if (fileLength >= 0) {
            header.checkDataLength(fileLength - 8 - header.length, source);
        }
        String architecture = header.metadata.get(ARCHITECTURE_KEY);
        if (architecture != null) {
            String mine = Architecture.of(model).withPrecision(Precision.FLOAT);
            int space = architecture.lastIndexOf(' ');
            String theirs = space < 0 ? architecture : architecture.substring(0, space) + " float";
            if (!theirs.equals(mine)) {
                throw new TensorFileException(source, null, "architecture mismatch: the file holds a model '"
                        + Text.shown(architecture, 300) + "' but this model is '" + model.architecture() + "'");
            }
        }
        List<String> classes = ModelMetadata.classNames(header.metadata, source);
        if (!classes.isEmpty() && classes.size() != model.classCount()) {
            throw new TensorFileException(source, null, "metadata " + ModelMetadata.CLASSES_KEY + " names "
                    + classes.size() + " classes but the model has " + model.classCount());
        }
        ModelMetadata.scaler(header.metadata, model.inputSize(), source);
        match(header.entries, layout, source);
        ParameterValues values = ParameterValues.blankLike(model);
        byte[] buffer = new byte[TensorStreams.CHUNK];
        long position = 0;
        for (SafetensorsHeader.Entry e : header.entries) {
            TensorLayout.Tensor t = layout.tensor(e.name);
            int k = 0;
            long remaining = e.end - e.begin;
            while (remaining > 0) {
                int want = (int) Math.min(remaining, buffer.length - buffer.length % 8);
                int got = TensorStreams.readFully(data, buffer, want);
                if (got < want) {
                    throw new TensorFileException(source, e.name, "truncated: the file ends in this tensor's data, at byte "
                            + (position + got) + " of the data section (the tensor spans bytes " + e.begin + ".." + e.end + ")");
                }
                for (int at = 0; at < want; at += e.dtype.size) {
                    double v = e.dtype.decode(buffer, at, false);
                    TensorChecks.store(values, t, k, v, e.dtype, source);
                    k++;
                }
                remaining -= want;
                position += want;
            }
        }
        if (data.read() >= 0) {
            throw new TensorFileException(source, null, "unexpected data after the last tensor, at byte " + position
                    + " of the data section");
        }
        values.copyInto(model);
        return header.metadata;
    }

    /**
     * The {@code __metadata__} of a safetensors file (empty if it has none), from its header,
     * which is checked as a load checks it; the tensor data is not read.
     */
    public static Map<String, String> readMetadata(File file) throws IOException {
        try (InputStream in = new BufferedInputStream(new FileInputStream(file), TensorStreams.CHUNK)) {
            SafetensorsHeader header = SafetensorsHeader.read(in, file.getPath());
            header.checkDataLength(file.length() - 8 - header.length, file.getPath());
            return header.metadata;
        }
    }

    /** Every tensor of the file is one of the model's, of its shape, and none of the model's is missing. */
    private static void match(List<SafetensorsHeader.Entry> entries, TensorLayout layout, String source) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<String>();
        for (SafetensorsHeader.Entry e : entries) {
            TensorLayout.Tensor t = layout.tensor(e.name);
            if (t == null) {
                throw new TensorFileException(source, e.name, "extra tensor: the model has no parameter of this name"
                        + " (it has " + names(layout) + ")");
            }
            TensorChecks.checkShape(t, e.shape, source);
            seen.add(e.name);
        }
        for (TensorLayout.Tensor t : layout.tensors()) {
            if (!seen.contains(t.name())) {
                throw new TensorFileException(source, t.name(), "missing: the file has no tensor of this name; the model's"
                        + " layer " + t.layer() + " needs it with shape " + t.shapeText());
            }
        }
    }

    /** The first few tensor names of a layout, for messages. */
    static String names(TensorLayout layout) {
        StringBuilder b = new StringBuilder();
        List<TensorLayout.Tensor> tensors = layout.tensors();
        int n = Math.min(tensors.size(), 6);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(tensors.get(i).name());
        }
        if (tensors.size() > n) {
            b.append(", ... ").append(tensors.size()).append(" tensors in all");
        }
        return b.toString();
    }
}
