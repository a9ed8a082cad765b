package io.chainrule.shipping;

import io.chainrule.Model;
import io.chainrule.samples.digits.DigitsModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class files and resources the shipping checks take as input, read from where the test's
 * class path has them: a module's jar (a reactor build that has packaged it) or its
 * {@code target/classes} directory.
 */
final class Artifacts {
    /** The samples' packages bound for a phone: every one but the desktop app's. */
    static final Predicate<String> SAMPLE_MODEL_CLASSES = name -> name.startsWith("io/chainrule/samples/")
            && !name.startsWith("io/chainrule/samples/cli/") && name.endsWith(".class");

    private Artifacts() {
    }

    /** The runtime jar (or classes directory). */
    static Path runtime() {
        return location(Model.class);
    }

    /** The samples module's jar (or classes directory), with the generated model classes. */
    static Path samples() {
        return location(DigitsModel.class);
    }

    /** This module's own classes: the tiny apps. */
    static Path apps() {
        return location(DigitsApp.class);
    }

    static Path location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every class file of {@code location}, by path ({@code io/chainrule/Model.class}), sorted. */
    static Map<String, byte[]> classes(Path location) {
        return entries(location, name -> name.endsWith(".class"));
    }

    /** The entries of a jar or the files under a directory whose path ('/'-separated) passes {@code filter}. */
    static Map<String, byte[]> entries(Path location, Predicate<String> filter) {
        Map<String, byte[]> entries = new TreeMap<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String name = location.relativize(file).toString().replace('\\', '/');
                        if (filter.test(name)) {
                            entries.put(name, Files.readAllBytes(file));
                        }
                    }
                }
            } else {
                try (ZipFile zip = new ZipFile(location.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                        ZipEntry entry = e.nextElement();
                        if (!entry.isDirectory() && filter.test(entry.getName())) {
                            entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(location.toString(), e);
        }
        return entries;
    }

    /** {@code io.chainrule.Model} for {@code io/chainrule/Model.class}. */
    static String className(String classFilePath) {
        return classFilePath.substring(0, classFilePath.length() - ".class".length()).replace('/', '.');
    }

    /** {@code io/chainrule/Model.class} for {@code io.chainrule.Model} or {@code Lio/chainrule/Model;}. */
    static String classFilePath(String nameOrDescriptor) {
        String name = nameOrDescriptor.startsWith("L") && nameOrDescriptor.endsWith(";")
                ? nameOrDescriptor.substring(1, nameOrDescriptor.length() - 1)
                : nameOrDescriptor.replace('.', '/');
        return name + ".class";
    }
}
