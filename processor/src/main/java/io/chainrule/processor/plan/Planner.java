package io.chainrule.processor.plan;

import io.chainrule.CodeShape;
import io.chainrule.processor.spec.LayerSpec;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/** Chooses the code shape of every layer. */
public final class Planner {
    private Planner() {
    }

    public static NetworkPlan plan(NetworkSpec spec) {
        List<LayerPlan> layers = new ArrayList<>();
        for (int l = 1; l <= spec.depth(); l++) {
            LayerSpec layer = spec.layers().get(l - 1);
            int inputs = spec.size(l - 1);
            int sourceUnits = layer.skip() > 0 ? spec.size(l - layer.skip()) : 0;
            layers.add(new LayerPlan(l, inputs, layer.units(), layer.activation(), layer.skip(), sourceUnits,
                    layer.projection(), unrolled(spec.shape(), (long) inputs * layer.units()), l == spec.depth()));
        }
        return new NetworkPlan(spec, layers);
    }

    private static boolean unrolled(CodeShape shape, long macs) {
        switch (shape) {
            case UNROLLED:
                return true;
            case LOOPS:
                return false;
            default:
                return macs <= Limits.AUTO_UNROLL_MAX_MACS;
        }
    }
}
