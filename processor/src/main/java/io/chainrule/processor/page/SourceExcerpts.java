package io.chainrule.processor.page;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The appendix: the lines of the generated source that the page links to, each with a few lines
 * after it, grouped by method and numbered as in the file, so every link works offline and
 * without the source beside the page.
 */
final class SourceExcerpts {
    /** Lines shown after each linked line. */
    private static final int CONTEXT = 6;

    private final SourceIndex source;
    private final String fileName;

    SourceExcerpts(SourceIndex source, String fileName) {
        this.source = source;
        this.fileName = fileName;
    }

    String render(List<Links.Link> links) {
        Map<Integer, TreeSet<Integer>> byMethod = new LinkedHashMap<>();
        for (Links.Link link : links) {
            int declaration = source.declaration(link.method());
            int at = declaration <= link.line() && declaration > 0 ? declaration : link.line();
            int end = source.end(at);
            TreeSet<Integer> lines = byMethod.computeIfAbsent(at, k -> new TreeSet<>());
            lines.add(at);
            for (int n = link.line(); n <= Math.min(end, link.line() + CONTEXT); n++) {
                lines.add(n);
            }
        }
        StringBuilder s = new StringBuilder("<section id=\"code\">\n<h2>5. The generated code</h2>\n<p>The lines of ")
                .append(Html.code(fileName))
                .append(" that the equations above link to, numbered as in the file.</p>\n");
        for (TreeSet<Integer> lines : byMethod.values()) {
            s.append("<pre>");
            int previous = -1;
            for (int n : lines) {
                if (previous > 0 && n > previous + 1) {
                    s.append("<span class=\"gap\">        ⋮</span>\n");
                }
                s.append("<span class=\"line\" id=\"L").append(n).append("\"><span class=\"ln\">")
                        .append(String.format("%5d", n)).append("</span>  ")
                        .append(Html.escape(source.line(n))).append("</span>\n");
                previous = n;
            }
            s.append("</pre>\n");
        }
        return s.append("</section>\n").toString();
    }
}
