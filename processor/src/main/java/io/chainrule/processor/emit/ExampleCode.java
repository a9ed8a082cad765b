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
    final List<Phase> backwardStep(LayerPlan l, NetworkPlan plan) {
        int n = l.index();
        List<Phase> phases = new ArrayList<>(activationGradient(l));
        phases.addAll(gradientBelow(l, plan));
        if (n > 1) {
            for (LayerPlan m : plan.skipsFrom(n - 1)) {
                if (m.projected()) {
                    phases.add(projectionStep(m, plan));
                }
            }
        }
        String after = n > 1 ? String.format(", now that W%d has passed dL/dh%d down", n, n - 1) : "";
        phases.add(Phase.of(Term.STEP, String.format("W%d[j][i] -= η · %s[j] · dL/dz%d[i]   (the SGD step%s)",
                n, Names.inputSymbol(l), n, after),
                descend(Names.w(l), input(l, plan), Names.dz(l), l.inputs(), l.units())));
        phases.add(Phase.of(Term.STEP, String.format("b%d[i] -= η · dL/dz%d[i]", n, n),
                elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] -= $L * $L[$L]",
                        Names.b(l), i, RATE, Names.dz(l), i).build())));
        if (l.projected() && l.source() == 0) {
            // a skip from the input passes no gradient on, so nothing below reads P
            phases.add(projectionStep(l, plan));
        }
        return phases;
    }

    /** {@code P[j][i] -= η · h_source[j] · dL/dh[i]} for the projection of residual layer {@code m}. */
    private Phase projectionStep(LayerPlan m, NetworkPlan plan) {
        return Phase.of(Term.STEP, String.format("P%d[j][i] -= η · %s[j] · dL/dh%d[i]   (the SGD step of the projection)",
                m.index(), Names.symbol(m.source()), m.index()),
                descend(Names.p(m), output(m.source(), plan), Names.dh(m), m.sourceUnits(), m.units()));
    }
}
