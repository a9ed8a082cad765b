package io.chainrule.io;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a file atomically: into a temporary file in the target's directory (named
 * {@code .<name>.<random>.tmp}), flushed and {@code sync}ed, then renamed over the target, so the
 * target is either the old file or the complete new one, and a failed write (the body throws, the
 * disk is full) leaves the old file and no temporary file. {@link ModelFile#save}, the
 * {@link Npy}, {@link Npz} and {@link Safetensors} writers, the ONNX export and the samples' files
 * all write this way.
 *
 * <p>Caveats: where {@link File#renameTo} does not replace an existing file (Windows), the old
 * file is deleted first, and a crash between the two steps leaves only the temporary file (holding
 * the complete new contents); and the directory entry itself is not synced (Java 8 APIs cannot),
 * so after a power loss the rename may not have happened.
 */
public final class AtomicFile {
    /** What is written. */
    public interface Body {
        /** Writes the contents to {@code out} (buffered; flushed, synced and closed afterwards). */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes what {@code body} writes to {@code file}, atomically; any exception of the body
     * propagates, with the old file (if any) in place.
     *
     * @throws IOException if {@code file} is a directory, its directory does not exist or cannot
     *     be written, or the body or the rename fails
     */
    public static void write(File file, Body body) throws IOException {
        File target = file.getAbsoluteFile();
        if (target.isDirectory()) {
            throw new IOException(target + " is a directory");
        }
        File temp = File.createTempFile("." + target.getName() + ".", ".tmp", target.getParentFile());
        boolean replaced = false;
        try {
            try (FileOutputStream out = new FileOutputStream(temp)) {
                BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                body.writeTo(buffered);
                buffered.flush();
                out.getFD().sync();
            }
            if (!temp.renameTo(target)) {
                // Where rename does not replace an existing file (Windows): delete it, then rename.
                if (!(target.isFile() && target.delete() && temp.renameTo(target))) {
                    throw new IOException("could not rename " + temp + " to " + target);
                }
            }
            replaced = true;
        } finally {
            if (!replaced) {
                temp.delete();
            }
        }
    }
}
