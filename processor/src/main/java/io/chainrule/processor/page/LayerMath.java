package io.chainrule.processor.page;

import static io.chainrule.processor.page.MathMl.block;
import static io.chainrule.processor.page.MathMl.gap;
import static io.chainrule.processor.page.MathMl.mo;
import static io.chainrule.processor.page.MathMl.paren;
import static io.chainrule.processor.page.MathMl.row;
import static io.chainrule.processor.page.Notation.alpha;
import static io.chainrule.processor.page.Notation.grad;
import static io.chainrule.processor.page.Notation.in;
import static io.chainrule.processor.page.Notation.real;
import static io.chainrule.processor.page.Notation.transposed;

import io.chainrule.Activation;
import io.chainrule.processor.emit.SourceTerms;
import io.chainrule.processor.emit.SourceTerms.SourceTerm;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The equations of one layer, forward and backward, one per phase of the generated code and in
 * its order: the phases come from {@link SourceTerms}, the very calls the class's emitters make,
 * so the page shows what the class computes and names the comment of each phase.
 */
final class LayerMath {
    private final NetworkPlan plan;
    private final SourceTerms terms;

    LayerMath(NetworkPlan plan, SourceTerms terms) {
        this.plan = plan;
        this.terms = terms;
    }

    /** The forward equations of layer {@code l}. */
    List<Step> forward(LayerPlan l, Notation n) {
        int k = l.index();
        List<Step> steps = new ArrayList<>();
        for (SourceTerm t : terms.forward(l)) {
            String math;
            String note = "";
            switch (t.term()) {
                case AFFINE:
                    math = block(n.z(k), mo("="), n.w(k), n.h(k - 1), mo("+"), n.b(k), gap(),
                            in(n.w(k), real(l.units(), l.inputs())), mo(","), in(n.b(k), real(l.units())));
                    break;
                case ACTIVATION:
                    math = block(l.residual() ? n.a(k) : n.h(k), mo("="), ActivationMath.apply(l.activation(), n.z(k)));
                    String definition = ActivationMath.definition(l.activation());
                    note = "elementwise" + (definition == null ? "" : ", with " + MathMl.inlineDisplay(definition));
                    break;
                case SKIP:
                    math = block(n.h(k), mo("="), alpha(), branch(l, n), mo("+"), n.h(l.source()));
                    note = residualNote(l);
                    break;
                case SCALED_BRANCH:
                    math = block(n.h(k), mo("="), alpha(), branch(l, n));
                    note = "the residual branch, scaled; " + residualNote(l);
                    break;
                case PROJECTED_SKIP:
                    math = block(n.h(k), mo("="), alpha(), branch(l, n), mo("+"), n.p(k), n.h(l.source()), gap(),
                            in(n.p(k), real(l.units(), l.sourceUnits())));
                    note = "the skip connection through a learned projection";
                    break;
                default:
                    throw new IllegalStateException("no equation for " + t.term() + " in " + t.method());
            }
            steps.add(Step.computed(math, note, t.method(), t.comment()));
        }
        if (l.linear()) {
            steps.add(Step.identity(block(n.h(k), mo("="), n.z(k)), "identity activation: one buffer holds both"));
        }
        return steps;
    }

    /** The backward equations of layer {@code l}, from ∂L/∂h of the layer. */
    List<Step> backward(LayerPlan l, Notation n) {
        int k = l.index();
        List<Step> steps = new ArrayList<>();
        if (l.linear()) {
            steps.add(Step.identity(block(grad(n.z(k)), mo("="), grad(n.h(k))),
                    "since " + MathMl.inline(n.h(k), mo("="), n.z(k)) + "; one buffer"));
        }
        Iterator<LayerPlan> skips = plan.skipsFrom(k - 1).iterator();
        for (SourceTerm t : terms.backward(l)) {
            steps.add(backwardStep(t, l, n, skips));
        }
        return steps;
    }

    /** ∂L/∂x, which {@code inputGradient} computes on demand (training does not need it). */
    List<Step> inputGradient(Notation n) {
        Iterator<LayerPlan> skips = plan.skipsFrom(0).iterator();
        List<Step> steps = new ArrayList<>();
        for (SourceTerm t : terms.inputGradient()) {
            steps.add(backwardStep(t, plan.layer(1), n, skips));
        }
        return steps;
    }

    private Step backwardStep(SourceTerm t, LayerPlan l, Notation n, Iterator<LayerPlan> skips) {
        int k = l.index();
        String math;
        String note;
        switch (t.term()) {
            case ACTIVATION_GRADIENT: {
                String h = l.residual() ? n.a(k) : n.h(k);
                String local = ActivationMath.derivative(l.activation(), n.z(k), h);
                String jacobian = transposed(frac(n.h(k), n.z(k)));
                String scale = l.residual() ? alpha() : "";
                math = block(grad(n.z(k)), mo("="), jacobian, grad(n.h(k)), mo("="), scale, grad(n.h(k)), mo("⊙"),
                        row(ActivationMath.name(l.activation()), mo("′")), paren(n.z(k)), mo("="), scale, grad(n.h(k)),
                        mo("⊙"), local);
                note = "the Jacobian of an elementwise function is diagonal"
                        + (l.residual() ? ", times α from " + MathMl.inline(n.h(k), mo("="), alpha(), n.a(k),
                                mo("+"), mo("…")) : "")
                        + "; " + ActivationMath.reason(l.activation());
                break;
            }
            case WEIGHT_GRADIENT:
                math = block(grad(n.w(k)), mo("="), grad(n.z(k)), transposed(n.h(k - 1)), gap(),
                        in(grad(n.w(k)), real(l.units(), l.inputs())));
                note = "from " + MathMl.inline(n.z(k), mo("="), n.w(k), n.h(k - 1), mo("+"), n.b(k))
                        + "; added to the gradient over the examples of a batch (stored transposed, row j per input)";
                break;
            case BIAS_GRADIENT:
                math = block(grad(n.b(k)), mo("="), grad(n.z(k)));
                note = "∂z/∂b is the identity";
                break;
            case PROJECTION_GRADIENT:
                math = block(grad(n.p(k)), mo("="), grad(n.h(k)), transposed(n.h(l.source())), gap(),
                        in(grad(n.p(k)), real(l.units(), l.sourceUnits())));
                note = "the projection sits outside the scaled branch, so it sees ∂L/∂h itself";
                break;
            case GRADIENT_BELOW:
                math = block(grad(n.h(k - 1)), mo("="), transposed(frac(n.z(k), n.h(k - 1))), grad(n.z(k)),
                        mo("="), transposed(n.w(k)), grad(n.z(k)), gap(), in(grad(n.h(k - 1)), real(l.inputs())));
                note = k > 1 && plan.layer(k - 1).linear()
                        ? "the chain rule through " + MathMl.inline(n.z(k), mo("="), n.w(k), n.h(k - 1), mo("+"),
                                n.b(k)) + "; the layer below is linear, so this is also its ∂L/∂z"
                        : "the chain rule through " + MathMl.inline(n.z(k), mo("="), n.w(k), n.h(k - 1), mo("+"),
                                n.b(k));
                break;
            case SKIP_GRADIENT: {
                LayerPlan m = skips.next();
                math = block(grad(n.h(k - 1)), mo("+="), grad(n.h(m.index())));
                note = "the skip connection " + MathMl.inline(n.h(m.index()), mo("="), mo("…"), mo("+"), n.h(k - 1))
                        + " passes its gradient on unchanged";
                break;
            }
            case PROJECTED_SKIP_GRADIENT: {
                LayerPlan m = skips.next();
                math = block(grad(n.h(k - 1)), mo("+="), transposed(n.p(m.index())), grad(n.h(m.index())));
                note = "the projected skip connection " + MathMl.inline(n.h(m.index()), mo("="), mo("…"), mo("+"),
                        n.p(m.index()), n.h(k - 1));
                break;
            }
            default:
                throw new IllegalStateException("no equation for " + t.term() + " in " + t.method());
        }
        return Step.computed(math, note, t.method(), t.comment());
    }

    /** The scaled branch: {@code a_l}, or {@code z_l} for the identity. */
    private static String branch(LayerPlan l, Notation n) {
        return l.activation() == Activation.IDENTITY ? n.z(l.index()) : n.a(l.index());
    }

    private String residualNote(LayerPlan l) {
        int r = plan.residualLayers();
        return "α = 1/√" + r + " ≈ " + String.format(java.util.Locale.ROOT, "%.5g", plan.residualScale())
                + " for the " + r + " residual layer" + (r == 1 ? "" : "s");
    }

    private static String frac(String numerator, String denominator) {
        return MathMl.frac(row(MathMl.prefix("∂"), numerator), row(MathMl.prefix("∂"), denominator));
    }
}
