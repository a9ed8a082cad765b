package io.chainrule.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reading the tensor files' bytes from a stream, in chunks ({@link Safetensors}, {@link Npy}, {@link Npz}). */
final class TensorStreams {
    /** The bytes read or written at a time. */
    static final int CHUNK = 1 << 16;

    private TensorStreams() {
    }

    /** Reads {@code n} bytes in chunks (so a damaged length costs no more than the bytes that are there); null at EOF. */
    static byte[] readBounded(InputStream in, int n) throws IOException {
        byte[] out = new byte[Math.min(n, CHUNK)];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int r = in.read(out, filled, out.length - filled);
            if (r < 0) {
                return null;
            }
            filled += r;
        }
        return out;
    }

    /** Reads up to {@code n} bytes into {@code b}; returns how many, fewer only at the end of {@code in}. */
    static int readFully(InputStream in, byte[] b, int n) throws IOException {
        int filled = 0;
        while (filled < n) {
            int r = in.read(b, filled, n - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        return filled;
    }
}
