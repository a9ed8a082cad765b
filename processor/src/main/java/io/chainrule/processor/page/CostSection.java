package io.chainrule.processor.page;

import io.chainrule.processor.page.LayerGroups.Group;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.List;
import java.util.Locale;

/**
 * Parameter counts, the memory footprint (the generated {@code FOOTPRINT_BYTES}, taken apart) and
 * the code shape of every layer with the reason for it.
 */
final class CostSection {
    private final NetworkPlan plan;
    private final List<Group> groups;
    private final ShapeReason reasons;

    CostSection(NetworkPlan plan, List<Group> groups, ShapeReason reasons) {
        this.plan = plan;
        this.groups = groups;
        this.reasons = reasons;
    }

    String render() {
        int bytes = plan.precision().bytes();
        String type = plan.precision().name().toLowerCase(Locale.ROOT);
        StringBuilder s = new StringBuilder("<section id=\"cost\">\n<h2>4. Parameters, memory and code shape</h2>\n")
                .append("<table>\n<thead><tr><th>layer</th><th>in → out</th><th>parameters</th><th>buffers</th>"
                        + "<th>code</th><th>why</th></tr></thead>\n<tbody>\n");
        for (Group g : groups) {
            LayerPlan l = plan.layer(g.first());
            String params = String.format(Locale.ROOT, "%d×%d + %d", l.units(), l.inputs(), l.units())
                    + (l.projected() ? String.format(Locale.ROOT, " + %d×%d", l.units(), l.sourceUnits()) : "")
                    + String.format(Locale.ROOT, " = %,d", l.parameters());
            String buffers = String.format(Locale.ROOT, "%,d values", l.bufferValues());
            if (g.size() > 1) {
                params += String.format(Locale.ROOT, "<br/>× %d = %,d", g.size(), l.parameters() * g.size());
                buffers += String.format(Locale.ROOT, "<br/>× %d = %,d", g.size(), l.bufferValues() * g.size());
            }
            s.append("<tr><td>").append(g.size() > 1 ? g.first() + "–" + g.last() : String.valueOf(g.first()))
                    .append("</td><td>").append(l.inputs()).append(" → ").append(l.units())
                    .append("</td><td class=\"n\">").append(params)
                    .append("</td><td class=\"n\">").append(buffers)
                    .append("</td><td>").append(ShapeReason.shape(l))
                    .append("</td><td>").append(reasons.reason(l)).append("</td></tr>\n");
        }
        long buffers = 0;
        for (LayerPlan l : plan.layers()) {
            buffers += l.bufferValues();
        }
        s.append("</tbody>\n</table>\n")
                .append(String.format(Locale.ROOT, "<p>%,d parameters (weights W, biases b%s) in %s, %d bytes each. "
                        + "The buffers of a layer are z and ∂L/∂z, and unless the layer is linear also h and ∂L/∂h "
                        + "(and a = a(z) in a residual layer with an activation).</p>\n",
                        plan.parameters(), projected() ? ", projections P" : "", type, bytes))
                .append("<table class=\"footprint\">\n<tbody>\n")
                .append(row("parameters", plan.parameters(), bytes))
                .append(row("gradients, one per parameter", plan.parameters(), bytes))
                .append(row("activation buffers", buffers, bytes));
        if (plan.headValues() > 0) {
            s.append(row("softmax probabilities", plan.headValues(), bytes));
        }
        if (plan.scratchValues() > 0) {
            s.append(row("partial sums of unrolled dot products", plan.scratchValues(), bytes));
        }
        s.append(String.format(Locale.ROOT, "<tr class=\"total\"><td>footprint (<code>FOOTPRINT_BYTES</code>)</td>"
                + "<td></td><td class=\"n\" id=\"footprint\">%,d bytes</td></tr>\n", plan.footprintBytes()))
                .append("</tbody>\n</table>\n")
                .append(plan.batched()
                        ? String.format(Locale.ROOT, "<p>The batched path (<code>lossAndGradientBatch</code>) adds "
                                + "%,d bytes of buffers per example of the maximum batch "
                                + "(<code>BATCH_BYTES_PER_EXAMPLE</code>). Array headers are not counted. Everything "
                                + "is allocated by the constructor; training allocates nothing.</p>\n",
                                plan.batchBytesPerExample())
                        : "<p>Every layer is unrolled, so batches run example by example and need no batch buffers. "
                                + "Array headers are not counted. Everything is allocated by the constructor; "
                                + "training allocates nothing.</p>\n");
        return s.append("</section>\n").toString();
    }

    private boolean projected() {
        for (LayerPlan l : plan.layers()) {
            if (l.projected()) {
                return true;
            }
        }
        return false;
    }

    private static String row(String what, long values, int bytes) {
        return String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"n\">%,d × %d</td><td class=\"n\">%,d bytes</td>"
                + "</tr>\n", what, values, bytes, values * bytes);
    }
}
