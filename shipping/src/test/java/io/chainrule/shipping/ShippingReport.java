package io.chainrule.shipping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Prints a measurement and writes it to {@code target/shipping/NAME}, for the README's figures. */
final class ShippingReport {
    private static final java.util.Set<String> APPENDED = new java.util.HashSet<>();

    private ShippingReport() {
    }

    /** Adds {@code text} to {@code target/shipping/NAME}, after what this test JVM wrote there before. */
    static synchronized void append(String name, String text) {
        System.out.print(text);
        try {
            Path file = Paths.get("target", "shipping").resolve(name);
            Files.createDirectories(file.getParent());
            if (!APPENDED.add(name)) {
                text = Files.readString(file) + text;
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String name, String text) {
        System.out.print(text);
        try {
            Path dir = Paths.get("target", "shipping");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
