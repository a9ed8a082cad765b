package io.chainrule.processor.emit;

import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases of the generated pass methods as another writer sees them: for each, what it
 * computes, the method that holds it and the first line of its chain-rule comment, exactly as
 * the class's emitters write them (they come from the same {@link LayerCode} calls), so the
 * derivation page can find every comment in the rendered source.
 */
public final class SourceTerms {
    private final NetworkPlan plan;
    private final ForwardPass forward;
    private final LoopCode loops;

    /**
     * One phase of generated code.
     *
     * @param term what it computes
     * @param method the generated method whose body holds its comment (its part methods, if any, follow it)
     * @param comment the first line of its comment, without {@code // }
     */
    public record SourceTerm(Term term, String method, String comment) {
    }

    public SourceTerms(NetworkPlan plan) {
        this.plan = plan;
        Numeric num = new Numeric(plan.precision());
        this.forward = new ForwardPass(plan, num);
        this.loops = new LoopCode(num);
    }

    /** The phases of {@code forward<l>}. */
    public List<SourceTerm> forward(LayerPlan l) {
        return terms(MethodNames.forward(l.index()), forward.code(l).forward(l, plan));
    }

    /** The phases of {@code backward<l>}. */
    public List<SourceTerm> backward(LayerPlan l) {
        return terms(MethodNames.backward(l.index()), forward.code(l).backward(l, plan));
    }

    /** The phases of {@code backwardStep<l>}. */
    public List<SourceTerm> backwardStep(LayerPlan l) {
        return terms(MethodNames.backwardStep(l.index()), forward.code(l).backwardStep(l, plan));
    }

    /** The phases of {@code inputGradient(out)}. */
    public List<SourceTerm> inputGradient() {
        return terms(MethodNames.INPUT_GRADIENT, ModelEmitter.inputGradientPhases(plan, loops));
    }

    private static List<SourceTerm> terms(String method, List<Phase> phases) {
        List<SourceTerm> terms = new ArrayList<>();
        for (Phase phase : phases) {
            terms.add(new SourceTerm(phase.term(), method, phase.comment().get(0)));
        }
        return terms;
    }
}
