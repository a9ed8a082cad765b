package io.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** The derivation pages of a compilation: where they are, and how to read them. */
final class Pages {
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String MATHML = "http://www.w3.org/1998/Math/MathML";
    static final String SVG = "http://www.w3.org/2000/svg";

    private Pages() {
    }

    /** The page of generated class {@code pkg.simpleName} in {@code location}, if written there. */
    static Optional<String> page(Compilation c, StandardLocation location, String pkg, String simpleName) {
        Optional<JavaFileObject> file = c.generatedFile(location, pkg, simpleName + ".html");
        return file.map(f -> {
            try {
                return f.getCharContent(false).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The page beside the generated source of {@code pkg.simpleName}; fails if there is none. */
    static String page(Compilation c, String pkg, String simpleName) {
        return page(c, StandardLocation.SOURCE_OUTPUT, pkg, simpleName)
                .orElseThrow(() -> new AssertionError("no page " + simpleName + ".html in SOURCE_OUTPUT"));
    }

    /** The page parsed as namespace-aware XML (XHTML with MathML and SVG), failing on any error. */
    static Document parse(String page) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("the page is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static final Pattern DECLARATION = Pattern.compile(
            "^    (?:(?:public|private|protected|static|final)\\s+)+(?:[\\w.$<>\\[\\]]+\\s+)?([\\w$]+)\\(");

    /**
     * Checks that line {@code line} of {@code source} is the declaration of {@code method} or a
     * comment inside it, found independently of the processor: the nearest declaration at or
     * above the line must be {@code method}'s.
     */
    static void assertLineInMethod(String source, String method, int line) {
        String[] lines = source.split("\n", -1);
        assertTrue(line >= 1 && line <= lines.length, "line " + line + " is outside the source");
        String text = lines[line - 1];
        for (int n = line; n >= 1; n--) {
            Matcher m = DECLARATION.matcher(lines[n - 1]);
            if (m.find()) {
                assertEquals(method, m.group(1), "line " + line + " (" + text.trim() + ") is not in " + method);
                assertTrue(n == line || text.trim().startsWith("//"),
                        "line " + line + " of " + method + " is neither its declaration nor a comment: " + text);
                return;
            }
        }
        throw new AssertionError("no method above line " + line);
    }
}
