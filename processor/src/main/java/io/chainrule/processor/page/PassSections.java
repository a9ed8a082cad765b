package io.chainrule.processor.page;

import static io.chainrule.processor.page.MathMl.inline;
import static io.chainrule.processor.page.MathMl.mo;

import io.chainrule.processor.emit.MethodNames;
import io.chainrule.processor.emit.SourceTerms;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.page.LayerGroups.Group;
import java.util.List;

/**
 * The forward pass, the loss and the backward pass: every layer's equations in the order of the
 * generated methods ({@code forward1 .. forwardL}, {@code outputLoss}, {@code backwardL ..
 * backward1}), each with a link to its comment in the generated source.
 */
final class PassSections {
    private final NetworkPlan plan;
    private final LayerMath math;
    private final SourceTerms terms;
    private final List<Group> groups;
    private final Links links;

    PassSections(NetworkPlan plan, LayerMath math, SourceTerms terms, List<Group> groups, Links links) {
        this.plan = plan;
        this.math = math;
        this.terms = terms;
        this.groups = groups;
        this.links = links;
    }

    String forward() {
        StringBuilder s = new StringBuilder("<section id=\"forward\">\n<h2>1. The forward pass</h2>\n")
                .append("<p>Each layer maps the vector below it to a new one: an affine map, then the activation "
                        + "elementwise. A weight matrix <i>W</i><sub>l</sub> has one row per unit and one column per "
                        + "input; the generated code stores it transposed, one array per input (<code>wl[j][i]</code> "
                        + "connects input j to unit i), so that the loops run along rows.</p>\n");
        for (Group g : groups) {
            LayerPlan first = plan.layer(g.first());
            s.append(heading(g, "")).append(call(g, l -> terms.forwardMethod(plan.layer(l)), false));
            List<Step> steps = math.forward(first, g.notation(g.first()));
            List<Step> last = math.forward(plan.layer(g.last()), g.notation(g.last()));
            for (int i = 0; i < steps.size(); i++) {
                s.append(step(steps.get(i), g.summarised() ? last.get(i) : null));
            }
            s.append("</section>\n");
        }
        return s.append("</section>\n").toString();
    }

    String loss() {
        StringBuilder s = new StringBuilder("<section id=\"loss\">\n<h2>2. The loss</h2>\n")
                .append("<p>")
                .append(Html.code(MethodNames.OUTPUT_LOSS))
                .append(" scores the output layer against the target, and writes the local derivative of the loss "
                        + "head, where the backward pass starts.</p>\n");
        for (Step step : new HeadMath(plan).steps()) {
            s.append(step(step, null));
        }
        return s.append("</section>\n").toString();
    }

    String backward() {
        StringBuilder s = new StringBuilder("<section id=\"backward\">\n<h2>3. The backward pass</h2>\n")
                .append("<p>From the output layer down, each equation follows from the one before by the chain rule: "
                        + "∂L/∂h of a layer gives its ∂L/∂z through the activation's local derivative; ∂L/∂z gives "
                        + "the gradients of W and b, and ∂L/∂h of the layer below through W. ")
                .append(Html.code(MethodNames.BACKWARD))
                .append(" calls ")
                .append(Html.code(terms.backwardMethod(plan.output())))
                .append(plan.depth() > 1 ? " down to " + Html.code(terms.backwardMethod(plan.layer(1))) : "")
                .append("; ")
                .append(Html.code(MethodNames.BACKWARD_STEP))
                .append(" runs the same equations with the SGD step θ ← θ − η ∂L/∂θ folded in (a layer's weights "
                        + "step once they have passed ∂L/∂h down).</p>\n");
        for (int i = groups.size() - 1; i >= 0; i--) {
            Group g = groups.get(i);
            s.append(heading(g, " backward")).append(call(g, l -> terms.backwardMethod(plan.layer(l)), true));
            List<Step> steps = math.backward(plan.layer(g.last()), g.notation(g.last()));
            List<Step> first = math.backward(plan.layer(g.first()), g.notation(g.first()));
            for (int k = 0; k < steps.size(); k++) {
                s.append(step(steps.get(k), g.summarised() ? first.get(k) : null));
            }
            s.append("</section>\n");
        }
        s.append("<section class=\"layer\">\n<h3>The input</h3>\n<p>Training needs no ∂L/∂x; ")
                .append(Html.code(MethodNames.INPUT_GRADIENT))
                .append(" computes it on demand from the last backward pass, by the same rule:</p>\n");
        for (Step step : math.inputGradient(Notation.absolute(1))) {
            s.append(step(step, null));
        }
        return s.append("</section>\n</section>\n").toString();
    }

    /** The heading of a layer or run, and for a run the range of l. */
    private String heading(Group g, String suffix) {
        LayerPlan l = plan.layer(g.first());
        StringBuilder s = new StringBuilder("<section class=\"layer\" id=\"layer")
                .append(g.first()).append(suffix.isEmpty() ? "" : "-backward").append("\">\n<h3>");
        if (g.summarised()) {
            s.append("Layers ").append(g.first()).append(" to ").append(g.last()).append(suffix)
                    .append(" (").append(g.size()).append(" alike)");
        } else {
            s.append("Layer ").append(g.first()).append(suffix);
        }
        s.append(": ").append(l.inputs()).append(" → ").append(l.units()).append(", ")
                .append(Html.escape(l.activation().label()));
        if (l.residual()) {
            s.append(", residual ").append(g.summarised() ? "(skip " + l.skip() + ")"
                    : "from " + (l.source() == 0 ? "x" : "h" + l.source())).append(l.projected() ? " through P" : "");
        }
        s.append(" <span class=\"shape\">").append(ShapeReason.shape(l)).append("</span></h3>\n");
        if (g.summarised()) {
            boolean down = !suffix.isEmpty();
            s.append("<p>For ").append(inline(MathMl.mi("l"), mo("="), MathMl.mn(down ? g.last() : g.first()),
                    mo(","), mo("…"), mo(","), MathMl.mn(down ? g.first() : g.last())))
                    .append(", the same equations with l in place of the layer number:</p>\n");
        }
        return s.toString();
    }

    /**
     * Which methods compute the layer or run, in the order they run ({@code down}: the last layer's
     * first); one method if the run's layers share it.
     */
    private String call(Group g, java.util.function.IntFunction<String> method, boolean down) {
        StringBuilder s = new StringBuilder("<p class=\"method\">Generated method ");
        String from = method.apply(down ? g.last() : g.first());
        String to = method.apply(down ? g.first() : g.last());
        s.append(links.anchor(links.declaration(from)));
        if (!to.equals(from)) {
            s.append(" … ").append(links.anchor(links.declaration(to)));
        } else if (g.size() > 1) {
            s.append(", which every layer of the run calls with its own arrays");
        }
        return s.append(".</p>\n").toString();
    }

    /** One equation with its note and link (and, for a run, the link into the run's other end). */
    private String step(Step step, Step other) {
        StringBuilder s = new StringBuilder("<div class=\"step\">").append(step.math());
        if (!step.note().isEmpty()) {
            s.append("<p class=\"note\">").append(step.note()).append("</p>");
        }
        Links.Link link = links.resolve(step);
        if (link != null) {
            s.append("<p class=\"code\">").append(links.anchor(link));
            Links.Link end = other == null ? null : links.resolve(other);
            if (end != null && end.line() != link.line()) {
                s.append(" … ").append(links.anchor(end));
            }
            s.append(": ").append(links.text(link)).append("</p>");
        }
        return s.append("</div>\n").toString();
    }
}
