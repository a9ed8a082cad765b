package io.chainrule.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated test case: a few compilation units in a package of their own, with one or more
 * {@code @Network} declarations, and what may come of compiling them.
 */
final class FuzzCase {
    /** What compiling the case must give. */
    enum Expectation {
        /** A documented-valid declaration: it compiles, and the model runs. */
        VALID,
        /** A documented error: at least one error positioned on the declaration. */
        INVALID,
        /** Unusual but legal Java: compiled code that runs, or a clean positioned error. */
        UNUSUAL
    }

    /** A type in a compilation unit; annotated if {@code network} is set. */
    static final class TypeNode {
        /** The simple name as javac sees it (after unicode escapes). */
        final String name;
        /** Everything before the opening brace, e.g. {@code public interface Net extends FloatModel}. */
        final String header;
        final List<String> annotations = new ArrayList<>();
        final List<String> members = new ArrayList<>();
        final List<TypeNode> children = new ArrayList<>();
        FuzzNetwork network;
        /** Declared inside a method of its enclosing type (a local class). */
        boolean local;
        /** Lines of the annotation and the type (1-based, inclusive), set when rendered. */
        int firstLine;
        int lastLine;
        /** Binary name of the type, set when rendered. */
        String binaryName;
        /** Simple names from the outermost type, set when rendered. */
        List<String> path;

        TypeNode(String name, String header) {
            this.name = name;
            this.header = header;
        }
    }

    /** One compilation unit. */
    static final class Unit {
        /** Simple name of the file (its public type). */
        final String fileName;
        final List<String> imports = new ArrayList<>();
        final List<TypeNode> types = new ArrayList<>();
        String text;

        Unit(String fileName) {
            this.fileName = fileName;
        }
    }

    final long seed;
    Expectation expectation;
    /** What the generator did, e.g. {@code invalid: skip widths differ} or {@code unusual: member type Override}. */
    final List<String> tags = new ArrayList<>();
    /** The package, "" for the default package. */
    final String pkg;
    final List<Unit> units = new ArrayList<>();
    /** {@code --release} of the compilation. */
    int release = 8;
    /** Compile on its own (large, or sharing names other cases may use). */
    boolean solo;
    /** Skip the numeric checks that take long for big networks; only compile and load. */
    boolean compileOnly;
    /**
     * Compile the sources a second time with the classes of the first compilation on the class
     * path, as an incremental build does (the generated class exists already).
     */
    boolean recompile;

    FuzzCase(long seed, Expectation expectation, String pkg) {
        this.seed = seed;
        this.expectation = expectation;
        this.pkg = pkg;
    }

    /**
     * The annotated types, in source order, except local classes: javac never shows a processor
     * the annotations of a local class, so nothing is generated for them and nothing is reported.
     */
    List<TypeNode> annotated() {
        List<TypeNode> result = new ArrayList<>();
        for (Unit u : units) {
            for (TypeNode t : u.types) {
                collect(t, result);
            }
        }
        return result;
    }

    private static void collect(TypeNode t, List<TypeNode> into) {
        if (t.network != null && !t.local) {
            into.add(t);
        }
        for (TypeNode c : t.children) {
            collect(c, into);
        }
    }

    /** Qualified name of a unit, as the file object is named. */
    String qualified(Unit u) {
        return pkg.isEmpty() ? u.fileName : pkg + "." + u.fileName;
    }

    /** Renders every unit's text (and the annotated types' line ranges); qualified annotation names if asked. */
    Map<String, String> render(boolean qualifiedAnnotations) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Unit u : units) {
            Writer w = new Writer();
            if (!pkg.isEmpty()) {
                w.line("package " + pkg + ";");
                w.line("");
            }
            for (String i : u.imports) {
                w.line(i);
            }
            if (!u.imports.isEmpty()) {
                w.line("");
            }
            for (TypeNode t : u.types) {
                render(t, w, "", new ArrayList<>(), qualifiedAnnotations);
            }
            u.text = w.text.toString();
            sources.put(qualified(u), u.text);
        }
        return sources;
    }

    private void render(TypeNode t, Writer w, String indent, List<String> outer, boolean qualified) {
        List<String> path = new ArrayList<>(outer);
        path.add(t.name);
        t.path = path;
        t.binaryName = (pkg.isEmpty() ? "" : pkg + ".") + String.join("$", path);
        t.firstLine = w.lineNumber;
        for (String a : t.annotations) {
            w.line(indent + a);
        }
        if (t.network != null) {
            for (String l : t.network.annotation(qualified, indent).split("\n", -1)) {
                w.line(l);
            }
        }
        w.line(indent + t.header + " {");
        for (String m : t.members) {
            for (String l : m.split("\n", -1)) {
                w.line(indent + "    " + l);
            }
        }
        for (TypeNode c : t.children) {
            if (c.local) {
                w.line(indent + "    void holder() {");
                render(c, w, indent + "        ", path, qualified);
                w.line(indent + "    }");
            } else {
                render(c, w, indent + "    ", path, qualified);
            }
        }
        w.line(indent + "}");
        t.lastLine = w.lineNumber - 1;
    }

    /** The source of the case, every unit with a header line, for failure reports. */
    String listing() {
        StringBuilder s = new StringBuilder();
        for (Unit u : units) {
            s.append("// ---- ").append(qualified(u).replace('.', '/')).append(".java\n").append(u.text);
        }
        return s.toString();
    }

    private static final class Writer {
        final StringBuilder text = new StringBuilder();
        int lineNumber = 1;

        void line(String s) {
            text.append(s).append('\n');
            lineNumber++;
        }
    }
}
