package io.chainrule.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Python's literal syntax a .npy header uses: a dict of string keys, strings in
 * single or double quotes, True and False, integers (with Python 2's {@code L} suffix) and
 * tuples of them (a tuple is returned as a List).
 */
final class PythonLiteral {
    private final String s;
    private int at;

    PythonLiteral(String s) {
        this.s = s;
    }

    Object value(int depth) {
        if (depth > 4) {
            throw new IllegalArgumentException("nested too deep");
        }
        space();
        if (at >= s.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        char c = s.charAt(at);
        if (c == '{') {
            at++;
            Map<Object, Object> map = new LinkedHashMap<Object, Object>();
            while (true) {
                space();
                if (peek() == '}') {
                    at++;
                    return map;
                }
                Object key = value(depth + 1);
                space();
                if (peek() != ':') {
                    throw new IllegalArgumentException("expected ':' at character " + at);
                }
                at++;
                Object v = value(depth + 1);
                if (map.put(key, v) != null) {
                    throw new IllegalArgumentException("duplicate key '" + Text.shown(String.valueOf(key)) + "'");
                }
                space();
                if (peek() == ',') {
                    at++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at character " + at);
                }
            }
        }
        if (c == '(' || c == '[') {
            char close = c == '(' ? ')' : ']';
            at++;
            List<Object> list = new ArrayList<Object>();
            while (true) {
                space();
                if (peek() == close) {
                    at++;
                    return list;
                }
                if (list.size() >= 64) {
                    throw new IllegalArgumentException("a tuple of over 64 values");
                }
                list.add(value(depth + 1));
                space();
                if (peek() == ',') {
                    at++;
                } else if (peek() != close) {
                    throw new IllegalArgumentException("expected ',' or '" + close + "' at character " + at);
                }
            }
        }
        if (c == '\'' || c == '"') {
            int end = s.indexOf(c, at + 1);
            if (end < 0 || end - at > 256) {
                throw new IllegalArgumentException("unterminated string at character " + at);
            }
            String v = s.substring(at + 1, end);
            if (v.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("escape in a string at character " + at);
            }
            at = end + 1;
            return v;
        }
        if (s.startsWith("True", at)) {
            at += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("False", at)) {
            at += 5;
            return Boolean.FALSE;
        }
        if (c >= '0' && c <= '9') {
            int start = at;
            while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                at++;
            }
            String digits = s.substring(start, at);
            if (peek() == 'L') {
                at++;
            }
            if (digits.length() > 18) {
                throw new IllegalArgumentException("integer " + Text.shown(digits) + " out of range");
            }
            return Long.parseLong(digits);
        }
        throw new IllegalArgumentException("unexpected '" + Text.shown(String.valueOf(c)) + "' at character " + at);
    }

    void end() {
        space();
        if (at < s.length()) {
            throw new IllegalArgumentException("unexpected '" + Text.shown(String.valueOf(s.charAt(at)))
                    + "' after the dict at character " + at);
        }
    }

    private char peek() {
        return at < s.length() ? s.charAt(at) : '\0';
    }

    private void space() {
        while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\n' || s.charAt(at) == '\t'
                || s.charAt(at) == '\r')) {
            at++;
        }
    }
}
