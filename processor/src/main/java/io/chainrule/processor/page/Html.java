package io.chainrule.processor.page;

/** Escaping for the page, which is XHTML: it parses as XML and as HTML alike. */
final class Html {
    private Html() {
    }

    /** {@code text} with {@code & < > "} escaped, for element content and attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    s.append("&amp;");
                    break;
                case '<':
                    s.append("&lt;");
                    break;
                case '>':
                    s.append("&gt;");
                    break;
                case '"':
                    s.append("&quot;");
                    break;
                default:
                    s.append(c);
            }
        }
        return s.toString();
    }

    /** {@code <code>text</code>}. */
    static String code(String text) {
        return "<code>" + escape(text) + "</code>";
    }
}
