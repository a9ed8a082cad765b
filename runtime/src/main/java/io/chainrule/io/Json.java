package io.chainrule.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a safetensors header: a strict reader (RFC 8259; objects keep their order and
 * reject duplicate keys; nesting at most {@value #MAX_DEPTH} deep, so no input overflows the
 * stack) and string quoting for the writer. Integers are {@code Long}, other numbers
 * {@code Double}, {@code null} is {@link #NULL}.
 */
final class Json {
    /** Nesting depth the reader accepts; a safetensors header needs 3. */
    static final int MAX_DEPTH = 16;
    /** The JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A syntax error, with the character offset where it was found. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, int at) {
            super(message + " at character " + at);
        }
    }

    private final String s;
    private int at;

    private Json(String s) {
        this.s = s;
    }

    /** The value {@code text} holds (whitespace around it allowed, nothing else). */
    static Object parse(String text) throws SyntaxError {
        Json json = new Json(text);
        json.space();
        Object value = json.value(0);
        json.space();
        if (json.at < text.length()) {
            throw new SyntaxError("unexpected " + json.describe() + " after the value", json.at);
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (at >= s.length()) {
            throw new SyntaxError("unexpected end", at);
        }
        char c = s.charAt(at);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new SyntaxError("unexpected " + describe(), at);
        }
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError("nested more than " + MAX_DEPTH + " deep", at);
        }
        at++;
        Map<String, Object> map = new LinkedHashMap<String, Object>();
        space();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw new SyntaxError("expected a key in quotes, found " + describe(), at);
            }
            int keyAt = at;
            String key = string();
            space();
            expect(':');
            space();
            Object v = value(depth);
            if (map.put(key, v) != null) {
                throw new SyntaxError("duplicate key \"" + Text.shown(key) + "\"", keyAt);
            }
            space();
            char c = peek();
            at++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                at--;
                throw new SyntaxError("expected ',' or '}', found " + describe(), at);
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError("nested more than " + MAX_DEPTH + " deep", at);
        }
        at++;
        List<Object> list = new ArrayList<Object>();
        space();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            space();
            list.add(value(depth));
            space();
            char c = peek();
            at++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                at--;
                throw new SyntaxError("expected ',' or ']', found " + describe(), at);
            }
        }
    }

    private String string() throws SyntaxError {
        at++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (at >= s.length()) {
                throw new SyntaxError("unterminated string", at);
            }
            char c = s.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw new SyntaxError("control character in a string", at - 1);
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (at >= s.length()) {
                throw new SyntaxError("unterminated string", at);
            }
            char e = s.charAt(at++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u': {
                    if (at + 4 > s.length()) {
                        throw new SyntaxError("incomplete \\u escape", at);
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(at + i), 16);
                        if (d < 0) {
                            throw new SyntaxError("bad \\u escape", at);
                        }
                        code = code * 16 + d;
                    }
                    at += 4;
                    b.append((char) code);
                    break;
                }
                default:
                    throw new SyntaxError("bad escape '\\" + Text.shown(String.valueOf(e)) + "'", at - 1);
            }
        }
    }

    private Object number() throws SyntaxError {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') {
                at++;
            }
        } else {
            throw new SyntaxError("bad number", start);
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            at++;
            digits(start);
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits(start);
        }
        String text = s.substring(start, at);
        if (integer) {
            if (text.length() > 19 + (text.startsWith("-") ? 1 : 0)) {
                throw new SyntaxError("integer " + Text.shown(text) + " out of range", start);
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new SyntaxError("integer " + text + " out of range", start);
            }
        }
        if (text.length() > 400) {
            throw new SyntaxError("number of " + text.length() + " characters", start);
        }
        return Double.parseDouble(text);
    }

    private void digits(int start) throws SyntaxError {
        if (!(peek() >= '0' && peek() <= '9')) {
            throw new SyntaxError("bad number", start);
        }
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
    }

    private Object word(String word, Object value) throws SyntaxError {
        if (!s.startsWith(word, at)) {
            throw new SyntaxError("unexpected " + describe(), at);
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw new SyntaxError("expected '" + c + "', found " + describe(), at);
        }
        at++;
    }

    private char peek() {
        return at < s.length() ? s.charAt(at) : '\0';
    }

    private void space() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private String describe() {
        return at >= s.length() ? "the end" : "'" + Text.shown(String.valueOf(s.charAt(at))) + "'";
    }

    /** {@code value} as a JSON string literal; every non-ASCII character escaped. */
    static String quote(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
