package io.chainrule.shipping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Prints a measurement and writes it to {@code target/shipping/NAME}, for the README's figures. */
final class ShippingReport {
    private ShippingReport() {
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
