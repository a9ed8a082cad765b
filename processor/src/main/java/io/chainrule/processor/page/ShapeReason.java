package io.chainrule.processor.page;

import io.chainrule.CodeShape;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.plan.Planner;
import io.chainrule.processor.spec.Limits;
import java.util.Locale;

/** Why a layer has the code shape it has: the declared shape, or AUTO's rule (see {@link Planner}). */
final class ShapeReason {
    private final NetworkPlan plan;
    private final NetworkPlan declared;

    ShapeReason(NetworkPlan plan) {
        this.plan = plan;
        this.declared = Planner.plan(plan.spec());
    }

    /** {@code unrolled} or {@code loops}. */
    static String shape(LayerPlan l) {
        return l.unrolled() ? "unrolled" : "loops";
    }

    /** The reason, as a sentence of XHTML. */
    String reason(LayerPlan l) {
        String macs = String.format(Locale.ROOT, "%,d multiply-add%s", l.macs(), l.macs() == 1 ? "" : "s");
        int limit = Limits.AUTO_UNROLL_MAX_MACS;
        CodeShape shape = plan.spec().shape();
        if (shape == CodeShape.UNROLLED) {
            return "UNROLLED, as declared: one statement per multiply-add, to be read"
                    + (l.macs() > Limits.UNROLLED_TERMS_PER_METHOD
                            ? String.format(Locale.ROOT, "; %s, so each phase is cut into part methods of at most %d, "
                                    + "which HotSpot and ART still compile", macs, Limits.UNROLLED_TERMS_PER_METHOD)
                            : "");
        }
        if (shape == CodeShape.LOOPS) {
            return "LOOPS, as declared: constant-bound loops over weight rows, which HotSpot's C2 vectorises";
        }
        if (!l.unrolled() && declared.layer(l.index()).unrolled()) {
            return String.format(Locale.ROOT, "AUTO: %s would be unrolled, but the network's unrolled layers would "
                    + "pass the class file's %,d constant-pool entries, so every layer is coded as loops", macs,
                    Limits.CONSTANT_POOL_ENTRIES);
        }
        if (l.unrolled()) {
            return String.format(Locale.ROOT, "AUTO: %s, at most %d: unrolled, as fast as loops at this size "
                    + "(measured) and readable line by line", macs, limit);
        }
        if (l.macs() > limit) {
            return String.format(Locale.ROOT, "AUTO: %s, more than %d: loops, because C2 vectorises loops and never "
                    + "straight-line code (unrolled layers measured 1.1 to 27 times slower)", macs, limit);
        }
        return String.format(Locale.ROOT, "AUTO: %s, at most %d, but the layers before it used the network's budget "
                + "of %,d unrolled multiply-adds: loops", macs, limit, Limits.MAX_UNROLLED_NETWORK_MACS);
    }
}
