package io.chainrule.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded into the given model: not a Chainrule model file, an
 * unsupported format version, a different architecture or parameter count, a truncated or
 * corrupted file. The message starts with the file (or stream, or resource) name.
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;

    ModelFileException(String source, String detail) {
        super(source + ": " + detail);
        this.source = source;
    }

    ModelFileException(String source, String detail, Throwable cause) {
        this(source, detail);
        initCause(cause);
    }

    /** The name of the file, stream or resource that was being loaded. */
    public String source() {
        return source;
    }
}
