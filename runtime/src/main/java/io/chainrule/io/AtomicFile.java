package io.chainrule.io;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a file the way {@link ModelFile#save} does: into a temporary file in the target's
 * directory, flushed and synced, then renamed over the target, so the target is either the old
 * file or the complete new one (with ModelFile's caveats about Windows and the directory entry).
 */
final class AtomicFile {
    /** What is written. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    static void write(File file, Body body) throws IOException {
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
