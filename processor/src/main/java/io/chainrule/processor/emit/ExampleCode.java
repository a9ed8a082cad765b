package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The code shapes that run one example at a time (loops and unrolled), which can also fold the
 * SGD step into the backward pass ({@code sgdStep}); the batched path only accumulates.
 */
abstract class ExampleCode extends LayerCode {
    /** The parameter holding the learning rate η of the backward pass with the SGD step folded in. */
    static final String RATE = "rate";

    ExampleCode(Numeric num) {
        super(num);
    }

    /**
     * The SGD step of a matrix whose gradient is an outer product:
     * {@code m[j][i] -= rate * (in[j] * delta[i])}, the same product {@link #outerProduct} adds.
     */
    abstract List<Phase.Statement> descend(String m, Operand in, String delta, int rows, int cols);

    /**
     * Backward with the SGD step folded in: {@code dL/dz}, then {@code dL/dh} of the layer below
     * (which reads W, and the projections of the skips that reach it, before they change), then
     * {@code θ ← θ − η dL/dθ} for every projection whose skip gradient has just been passed on,
     * W and b. The gradient of each parameter is the same expression as in {@link #backward}, so
     * the parameters get the bits of {@code backward} on zeroed gradients followed by
     * {@code Sgd.step}.
     */
    final List<Phase> backwardStep(LayerPlan l, NetworkPlan plan, LayerNames names) {
        int k = l.index();
        String n = names.sub(k);
        List<Phase> phases = new ArrayList<>(activationGradient(l, names));
        phases.addAll(gradientBelow(l, plan, names));
        if (k > 1) {
            for (LayerPlan m : plan.skipsFrom(k - 1)) {
                if (m.projected()) {
                    phases.add(projectionStep(m, plan, names));
                }
            }
        }
        String after = k > 1 ? String.format(", now that W%s has passed dL/dh%s down", n, names.sub(k - 1)) : "";
        phases.add(Phase.of(Term.STEP, String.format("W%s[j][i] -= η · %s[j] · dL/dz%s[i]   (the SGD step%s)",
                n, names.inputSymbol(l), n, after),
                descend(names.w(l), input(l, plan, names), names.dz(l), l.inputs(), l.units())));
        phases.add(Phase.of(Term.STEP, String.format("b%s[i] -= η · dL/dz%s[i]", n, n),
                elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] -= $L * $L[$L]",
                        names.b(l), i, RATE, names.dz(l), i).build())));
        if (l.projected() && l.source() == 0) {
            // a skip from the input passes no gradient on, so nothing below reads P
            phases.add(projectionStep(l, plan, names));
        }
        return phases;
    }

    /** {@code P[j][i] -= η · h_source[j] · dL/dh[i]} for the projection of residual layer {@code m}. */
    private Phase projectionStep(LayerPlan m, NetworkPlan plan, LayerNames names) {
        String n = names.sub(m.index());
        return Phase.of(Term.STEP, String.format("P%s[j][i] -= η · %s[j] · dL/dh%s[i]   (the SGD step of the projection)",
                n, names.symbol(m.source()), n),
                descend(names.p(m), output(m.source(), plan, names), names.dh(m), m.sourceUnits(), m.units()));
    }
}
