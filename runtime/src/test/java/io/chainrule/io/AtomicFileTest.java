package io.chainrule.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way every file of the runtime, the ONNX export and the samples is written. */
class AtomicFileTest {
    @TempDir
    File dir;

    private static void write(File file, String text) throws IOException {
        AtomicFile.write(file, out -> out.write(text.getBytes(UTF_8)));
    }

    private static String read(File file) throws IOException {
        return new String(Files.readAllBytes(file.toPath()), UTF_8);
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        File file = new File(dir, "a.txt");
        write(file, "first, longer contents");
        assertEquals("first, longer contents", read(file));
        write(file, "second");
        assertEquals("second", read(file));
        assertArrayEquals(new String[] {"a.txt"}, dir.list());
    }

    @Test
    void aBodyThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        File file = new File(dir, "a.txt");
        write(file, "old");
        IOException failure = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100_000]); // more than the buffer: part of it reached the temporary file
            throw failure;
        }));
        assertSame(failure, e);
        assertEquals("old", read(file));
        assertArrayEquals(new String[] {"a.txt"}, dir.list());

        IllegalStateException unchecked = assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, out -> {
            out.write('x');
            throw new IllegalStateException("bad model");
        }));
        assertEquals("bad model", unchecked.getMessage());
        assertEquals("old", read(file));
        assertArrayEquals(new String[] {"a.txt"}, dir.list());
    }

    @Test
    void aBodyThatFailsLeavesNoFileWhereThereWasNone() {
        File file = new File(dir, "a.txt");
        assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            throw new IOException("nothing to write");
        }));
        assertEquals(0, dir.list().length);
    }

    @Test
    void aDirectoryIsNotReplaced() throws IOException {
        File sub = new File(dir, "sub");
        assertTrue(sub.mkdir());
        IOException e = assertThrows(IOException.class, () -> write(sub, "x"));
        assertEquals(sub.getAbsoluteFile() + " is a directory", e.getMessage());
        assertTrue(sub.isDirectory());
        assertArrayEquals(new String[] {"sub"}, dir.list());
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThrows(IOException.class, () -> write(new File(new File(dir, "missing"), "a.txt"), "x"));
        assertEquals(0, dir.list().length);
    }
}
