package io.chainrule.data;

/** The text rules of the CSV reader: what a number is, and how a field or a list of names is quoted in a message. */
final class CsvText {
    /** The longest text quoted whole in a message. */
    private static final int QUOTED_CHARS = 40;
    /** The most header names listed in a message. */
    private static final int LISTED_NAMES = 20;

    /**
     * {@code text}, or for a long one its start and its length, so that a message about a damaged
     * field of 100,000 characters stays one readable line.
     */
    static String clip(String text) {
        return text.length() <= QUOTED_CHARS ? text
                : text.substring(0, QUOTED_CHARS) + "... (" + text.length() + " characters)";
    }

    /** {@code [a, b, c]}, each name clipped, at most {@value #LISTED_NAMES} of them. */
    static String list(String[] names) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(names.length, LISTED_NAMES); i++) {
            s.append(i == 0 ? "" : ", ").append(clip(names[i]));
        }
        if (names.length > LISTED_NAMES) {
            s.append(", ... (").append(names.length).append(" columns)");
        }
        return s.append(']').toString();
    }

    static boolean isSpace(char ch) {
        return ch == ' ' || ch == '\t';
    }

    static boolean startsWithLetter(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
    }

    /** True for {@code NaN}, {@code Inf} and {@code Infinity}, signed or not, in any case. */
    static boolean isNonFiniteWord(String s) {
        String word = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return word.equalsIgnoreCase("nan") || word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
    }

    /** True for {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}: what this reader accepts. */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private CsvText() {
    }
}
