package io.chainrule.processor.page;

import java.util.ArrayList;
import java.util.List;

/**
 * The page's links into the generated source: each equation's method and the line of the
 * comment that computes it, found in the rendered source ({@link SourceIndex}). Every link is
 * kept, so that the appendix can show the lines they point at.
 */
final class Links {
    /**
     * A resolved link.
     *
     * @param method the method whose body holds the line (the step's method, or one of its part methods)
     * @param line the 1-based line of the comment
     */
    record Link(String method, int line) {
    }

    private final SourceIndex source;
    private final String fileName;
    private final List<Link> links = new ArrayList<>();

    Links(SourceIndex source, String fileName) {
        this.source = source;
        this.fileName = fileName;
    }

    /** The links made so far, in the order of the page. */
    List<Link> all() {
        return List.copyOf(links);
    }

    /** The link of {@code step}, or null if it has no code or its comment is not in the source. */
    Link resolve(Step step) {
        if (step.method() == null) {
            return null;
        }
        int line = step.prefix() ? source.commentStartingWith(step.method(), step.comment())
                : source.comment(step.method(), step.comment());
        if (line < 0) {
            throw new IllegalStateException("no comment '" + step.comment() + "' in " + step.method()
                    + " of " + fileName);
        }
        return new Link(source.methodAt(line), line);
    }

    /** The link of a method's declaration. */
    Link declaration(String method) {
        int line = source.declaration(method);
        if (line < 0) {
            throw new IllegalStateException("no method " + method + " in " + fileName);
        }
        return new Link(method, line);
    }

    /** {@code <a>} to the appendix's copy of the line, naming method and line. */
    String anchor(Link link) {
        links.add(link);
        return "<a class=\"src\" href=\"#L" + link.line() + "\" data-method=\"" + Html.escape(link.method())
                + "\" data-line=\"" + link.line() + "\">" + Html.code(link.method()) + ", line " + link.line() + "</a>";
    }

    /** The line's text, trimmed, as code. */
    String text(Link link) {
        return Html.code(source.line(link.line()).trim());
    }
}
