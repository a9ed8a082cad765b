package io.chainrule.processor.page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rendered source of the generated class, line by line: where each method is declared, and
 * where a chain-rule comment stands. The page's links are computed here, from the text the
 * {@code Filer} receives, so a line number always points at what it names.
 */
final class SourceIndex {
    /** A member declaration of the generated class: four spaces, modifiers, a type, a name and {@code (}. */
    private static final Pattern DECLARATION = Pattern.compile(
            "^    (?:(?:public|private|protected|static|final|synchronized)\\s+)+(?:[\\w.$<>\\[\\]]+\\s+)?([\\w$]+)\\(");

    private final List<String> lines = new ArrayList<>();
    /** methodOf[i]: the member declared last at or before line i + 1, or null. */
    private final List<String> methodOf = new ArrayList<>();
    private final Map<String, Integer> declarations = new HashMap<>();

    SourceIndex(String source) {
        String method = null;
        for (String line : source.split("\n", -1)) {
            lines.add(line);
            Matcher m = DECLARATION.matcher(line);
            if (m.find()) {
                method = m.group(1);
                declarations.putIfAbsent(method, lines.size());
            }
            methodOf.add(method);
        }
    }

    /** Number of lines. */
    int size() {
        return lines.size();
    }

    /** Line {@code n} (1-based). */
    String line(int n) {
        return lines.get(n - 1);
    }

    /** The line declaring {@code method} (the first, if overloaded), or -1. */
    int declaration(String method) {
        return declarations.getOrDefault(method, -1);
    }

    /** The method whose body holds line {@code n}, or null. */
    String methodAt(int n) {
        return n < 1 || n > lines.size() ? null : methodOf.get(n - 1);
    }

    /** The last line of the method declared at {@code declaration}: its closing brace. */
    int end(int declaration) {
        for (int n = declaration + 1; n <= lines.size(); n++) {
            if (line(n).equals("    }")) {
                return n;
            }
        }
        return lines.size();
    }

    /**
     * The line {@code // comment} in {@code method} or in one of its part methods
     * ({@code methodPart0}, {@code methodCalls0}), or -1.
     */
    int comment(String method, String comment) {
        return find(method, "// " + comment, true);
    }

    /** The first comment line in {@code method} that starts with {@code // prefix}, or -1. */
    int commentStartingWith(String method, String prefix) {
        return find(method, "// " + prefix, false);
    }

    private int find(String method, String text, boolean exact) {
        int from = declaration(method);
        if (from < 0) {
            return -1;
        }
        for (int n = from + 1; n <= lines.size(); n++) {
            String trimmed = line(n).trim();
            if ((exact ? trimmed.equals(text) : trimmed.startsWith(text)) && belongsTo(methodAt(n), method)) {
                return n;
            }
        }
        return -1;
    }

    /** True if {@code member} is {@code method} or one of the methods it is split into. */
    static boolean belongsTo(String member, String method) {
        return member != null && (member.equals(method) || member.startsWith(method + "Part")
                || member.startsWith(method + "Calls"));
    }
}
