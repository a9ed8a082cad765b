package io.chainrule.processor.page;

import io.chainrule.Loss;
import io.chainrule.processor.page.LayerGroups.Group;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The computation graph as an inline SVG figure, drawn like a textbook's: values in circles
 * (x, h₁, …, L), operations in boxes fed by their parameters, skip connections as arcs below,
 * and a run of alike layers as one stacked box.
 */
final class GraphFigure {
    private static final int Y = 120;
    private static final int R = 22;
    private static final int BOX_W = 128;
    private static final int BOX_H = 52;
    private static final int STEP = 210;

    private static final Map<Loss, String> HEAD_NAMES = Map.of(Loss.SOFTMAX_CROSS_ENTROPY, "softmax + CE",
            Loss.SIGMOID_CROSS_ENTROPY, "σ + CE", Loss.MULTICLASS_HINGE, "hinge", Loss.MEAN_SQUARED_ERROR, "MSE");
    private static final Map<Loss, String> HEAD_FORMS = Map.of(Loss.SOFTMAX_CROSS_ENTROPY, "log-sum-exp",
            Loss.SIGMOID_CROSS_ENTROPY, "stable form", Loss.MULTICLASS_HINGE, "margin 1",
            Loss.MEAN_SQUARED_ERROR, "mean over outputs");

    private final NetworkPlan plan;
    private final List<Group> groups;
    private final StringBuilder svg = new StringBuilder();
    /** Horizontal centre of the value node (or run box) that holds each layer's output. */
    private final Map<Integer, Integer> centres = new HashMap<>();

    GraphFigure(NetworkPlan plan, List<Group> groups) {
        this.plan = plan;
        this.groups = groups;
    }

    String render() {
        int width = 60 + STEP * (groups.size() + 1) + 40;
        int height = 290;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                + "aria-label=\"computation graph of the network\">\n", width, height, width, height))
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker>"
                        + "<marker id=\"back\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                        + "fill=\"#b03030\"/></marker></defs>\n");
        int x = 40;
        value(x, "x", "", plan.inputs());
        centres.put(0, x);
        for (Group g : groups) {
            int op = x + STEP / 2;
            int next = x + STEP;
            arrow(x + R, Y, op - BOX_W / 2, Y);
            operation(g, op);
            arrow(op + BOX_W / 2, Y, next - R, Y);
            LayerPlan last = plan.layer(g.last());
            value(next, "h", String.valueOf(g.last()), last.units());
            for (int l = g.first(); l < g.last(); l++) {
                centres.put(l, op);
            }
            centres.put(g.last(), next);
            x = next;
        }
        for (Group g : groups) {
            if (!g.summarised() && plan.layer(g.first()).residual()) {
                skip(plan.layer(g.first()));
            }
        }
        int loss = x + STEP / 2;
        arrow(x + R, Y, loss - BOX_W / 2, Y);
        box(loss, Y, BOX_W, BOX_H, false);
        text(loss, Y - 4, HEAD_NAMES.get(plan.loss()), "head");
        text(loss, Y + 14, HEAD_FORMS.get(plan.loss()), "small");
        text(loss, Y + 86, "target y", "param");
        arrow(loss, Y + 74, loss, Y + BOX_H / 2);
        int end = x + STEP;
        arrow(loss + BOX_W / 2, Y, end - R, Y);
        circle(end, "L", "");
        int back = height - 24;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d,%d L%d,%d\" class=\"back\" marker-end=\"url(#back)\"/>\n",
                end, back, 40, back));
        text((end + 40) / 2, back - 8, "backward pass: ∂L/∂h and ∂L/∂z flow back along every edge", "backlabel");
        return svg.append("</svg>").toString();
    }

    private void operation(Group g, int cx) {
        LayerPlan l = plan.layer(g.first());
        boolean run = g.summarised();
        if (run) {
            box(cx + 6, Y - 6, BOX_W, BOX_H, true);
            box(cx + 3, Y - 3, BOX_W, BOX_H, true);
        }
        box(cx, Y, BOX_W, BOX_H, false);
        String index = run ? "l" : String.valueOf(l.index());
        String input = l.index() == 1 ? "x" : "h" + sub(run ? "l−1" : String.valueOf(l.index() - 1));
        text(cx, Y - 6, "W" + sub(index) + input + " + b" + sub(index), l.index() >= 100 ? "optext long" : "optext");
        String second = l.activation().label() + (l.residual() ? ", + skip" : "");
        text(cx, Y + 14, Html.escape(second), "small");
        String params = String.format(Locale.ROOT, "W%s %d×%d, b%s %d%s", sub(index), l.units(), l.inputs(), sub(index),
                l.units(), l.projected() ? ", P" + sub(index) : "");
        text(cx, Y - 78, params, "param");
        arrow(cx, Y - 72, cx, Y - BOX_H / 2 - (run ? 6 : 0));
        if (run && l.residual()) {
            // every layer of the run adds its input back: one arc under the stacked box stands for them
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" class=\"skip\" "
                    + "marker-end=\"url(#arrow)\"/>\n", cx - BOX_W / 2 + 10, Y + BOX_H / 2, cx - BOX_W / 2 + 10,
                    Y + BOX_H / 2 + 36, cx + BOX_W / 2 - 10, Y + BOX_H / 2 + 36, cx + BOX_W / 2 - 10, Y + BOX_H / 2));
            text(cx, Y + BOX_H / 2 + 44, "skip " + l.skip() + (l.projected() ? " through P" : "") + " in each layer",
                    "skiplabel");
        }
        if (run) {
            text(cx, Y - 96, String.format(Locale.ROOT, "layers %d–%d (%d alike)", g.first(), g.last(), g.size()),
                    "run");
        }
    }

    /** The arc of a skip connection from the source's value node to the layer's value node. */
    private void skip(LayerPlan l) {
        int from = centres.get(l.source());
        int to = centres.get(l.index());
        int depth = 40 + 12 * Math.min(l.skip(), 4);
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" class=\"skip\" "
                + "marker-end=\"url(#arrow)\"/>\n", from, Y + R, from, Y + R + depth, to, Y + R + depth, to, Y + R));
        text((from + to) / 2, Y + R + depth * 3 / 4 + 14, l.projected() ? "skip through P" + sub(String.valueOf(l.index())) : "skip",
                "skiplabel");
    }

    private void value(int cx, String name, String index, int size) {
        circle(cx, name, index);
        text(cx, Y - R - 8, String.format(Locale.ROOT, "ℝ<tspan baseline-shift=\"super\" font-size=\"70%%\">%d</tspan>",
                size), "size");
    }

    private void circle(int cx, String name, String index) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" class=\"value\"/>\n", cx, Y, R));
        text(cx, Y + 6, name + (index.isEmpty() ? "" : sub(index)), index.length() >= 3 ? "var long" : "var");
    }

    private void box(int cx, int cy, int w, int h, boolean behind) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"8\" class=\"%s\"/>\n",
                cx - w / 2, cy - h / 2, w, h, behind ? "op behind" : "op"));
    }

    private void arrow(int x1, int y1, int x2, int y2) {
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d,%d L%d,%d\" class=\"edge\" marker-end=\"url(#arrow)\"/>\n",
                x1, y1, x2, y2));
    }

    private void text(int x, int y, String content, String kind) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"%s\">%s</text>\n", x, y, kind, content));
    }

    private static String sub(String index) {
        return "<tspan baseline-shift=\"sub\" font-size=\"70%\">" + Html.escape(index) + "</tspan>";
    }
}
