package io.chainrule.io;

import java.io.IOException;

/**
 * A safetensors, .npy or .npz file that cannot be read, or cannot be loaded into the given model:
 * not such a file, truncated, a damaged or oversized header, offsets outside the data, overlapping
 * tensors, a shape that does not match its byte count or the model, an unsupported data type, a
 * missing or extra tensor, a value that is NaN or infinite. The message starts with the file (or
 * stream) name, then names the tensor when one is at fault:
 * {@code model.safetensors: tensor '2.weight': shape [10, 32] but the model needs [10, 16]}.
 */
public final class TensorFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String tensor;

    TensorFileException(String source, String tensor, String detail) {
        super(source + ": " + (tensor != null ? "tensor '" + Text.shown(tensor) + "': " : "") + detail);
        this.source = source;
        this.tensor = tensor;
    }

    TensorFileException(String source, String tensor, String detail, Throwable cause) {
        this(source, tensor, detail);
        initCause(cause);
    }

    /** The name of the file or stream that was being read. */
    public String source() {
        return source;
    }

    /** The name of the tensor at fault, or null when the problem is not one tensor's. */
    public String tensor() {
        return tensor;
    }
}
