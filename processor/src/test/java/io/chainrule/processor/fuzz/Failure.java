package io.chainrule.processor.fuzz;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broken promise of a case: its kind (a normalised message, so that one defect met by many
 * cases counts once) and the detail to reproduce it.
 */
record Failure(FuzzCase fuzzCase, String kind, String detail) {
    private static final Pattern INTERNAL = Pattern.compile("internal error[^:]*:\\s*([\\w.$]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FRAME = Pattern.compile(" at ([\\w.$<>]+)\\(");

    /** The kind of a diagnostic: its first line (and javac's "symbol:" line), without the numbers and package names. */
    static String kindOf(String prefix, String message) {
        Matcher m = INTERNAL.matcher(message);
        if (m.find()) {
            String exception = m.group(1).replaceAll(".*\\.", "");
            Matcher at = FRAME.matcher(message);
            String frame = at.find(m.end()) ? at.group(1).replaceAll("^io\\.chainrule\\.processor\\.", "") : "?";
            return prefix + "internal error: " + exception + " at " + frame;
        }
        String[] lines = message.split("\n");
        String text = lines[0];
        for (String line : lines) {
            if (line.trim().startsWith("symbol:")) {
                text += " / " + line.trim();
            }
        }
        return prefix + normalise(text);
    }

    static String normalise(String text) {
        String s = text.replaceAll("io\\.chainrule\\.fuzz[0-9a-f]+", "PKG")
                .replaceAll("fuzz\\.c[0-9a-f]+(\\.[\\p{L}\\p{N}_$]+)*", "PKG")
                .replaceAll("fuzz/c[0-9a-f]+(/[\\p{L}\\p{N}_$.]+)*", "FILE")
                .replaceAll("\\d+", "N")
                .replaceAll("\\s+", " ").trim();
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    /** How to run this case alone. */
    String reproduce() {
        return String.format(Locale.ROOT, "mvn -B -q -o -pl processor -am verify -Dtest=DeclarationFuzzTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dchainrule.fuzz.case=%d", fuzzCase.seed);
    }

    String report() {
        return "[" + kind + "] case " + fuzzCase.seed + " (" + fuzzCase.expectation + "; " + String.join("; ", fuzzCase.tags)
                + "; --release " + fuzzCase.release + ")\n  reproduce: " + reproduce() + "\n  " + detail.replace("\n", "\n  ")
                + "\n" + fuzzCase.listing().replaceAll("(?m)^", "    ");
    }
}
