package io.chainrule.processor.page;

import io.chainrule.processor.emit.MethodNames;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a network in runs: consecutive layers whose equations, written relative to the
 * layer ({@code z_l = W_l h_(l−1) + b_l}), code shape and reason are the same form one run, which
 * the page prints once. A deep residual network of 1000 layers is then three runs.
 */
final class LayerGroups {

    /**
     * A run of layers {@code first..last}.
     *
     * @param first the first layer
     * @param last the last layer
     */
    record Group(int first, int last) {
        int size() {
            return last - first + 1;
        }

        /** True if the page prints the run once, in relative notation. */
        boolean summarised() {
            return size() >= MethodNames.SHARED_RUN;
        }

        /** The notation for layer {@code l} of the run. */
        Notation notation(int l) {
            return summarised() ? Notation.relative(l) : Notation.absolute(l);
        }
    }

    private LayerGroups() {
    }

    /**
     * The runs, first layer first; a run that is not {@link Group#summarised()} is split into
     * single layers.
     */
    static List<Group> of(NetworkPlan plan, LayerMath math, ShapeReason reasons) {
        List<Group> groups = new ArrayList<>();
        String previous = null;
        int first = 1;
        for (int i = 1; i <= plan.depth(); i++) {
            String key = key(plan.layer(i), math, reasons);
            if (previous != null && !key.equals(previous)) {
                add(groups, first, i - 1);
                first = i;
            }
            previous = key;
        }
        add(groups, first, plan.depth());
        return groups;
    }

    private static void add(List<Group> groups, int first, int last) {
        Group run = new Group(first, last);
        if (run.summarised()) {
            groups.add(run);
            return;
        }
        for (int l = first; l <= last; l++) {
            groups.add(new Group(l, l));
        }
    }

    private static String key(LayerPlan l, LayerMath math, ShapeReason reasons) {
        Notation n = Notation.relative(l.index());
        StringBuilder key = new StringBuilder(ShapeReason.shape(l)).append('|').append(reasons.reason(l))
                .append('|').append(l.output());
        for (Step s : math.forward(l, n)) {
            key.append('|').append(s.math()).append(s.note());
        }
        for (Step s : math.backward(l, n)) {
            key.append('|').append(s.math()).append(s.note());
        }
        return key.toString();
    }
}
