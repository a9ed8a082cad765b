package io.chainrule.processor.emit;

import io.chainrule.Activation;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the code of a layer's pass method names the arrays it reads and writes, and the layers in
 * its comments. A method of one layer names the class's fields ({@link #fields}: {@code w5},
 * {@code h4}, comments in {@code z5 = W5 · h4 + b5}). A method that a run of alike layers shares
 * ({@link PassMethods}) names them relative to the layer {@code l} it runs for
 * ({@link #relativeTo}): its parameters {@code w}, {@code hBelow}, {@code dhAbove2} (the arrays
 * of layers l, l - 1 and l + 2), its comments {@code z(l) = W(l) · h(l-1) + b(l)}, and the
 * batch buffers {@code batchH[layer - 1]}. Each name given out is recorded with the array it
 * stands for (the field, in the layer at hand), so that the batched code can find the batch buffer
 * of a name and the caller of a shared method can pass that field.
 */
final class LayerNames {
    /** The parameter of a shared batch method that holds the layer it runs for. */
    static final String LAYER = "layer";

    /**
     * One array a relative name stands for.
     *
     * @param name the name in the shared method
     * @param kind what the array holds: {@code w}, {@code b}, {@code p}, {@code dw}, {@code db},
     *     {@code dp}, {@code z}, {@code h}, {@code a}, {@code dz} or {@code dh}
     * @param field the field it is for the layer at hand
     * @param buffer the per-example activation buffer kind, or null for a parameter or gradient array
     * @param layer the layer whose array it is
     * @param matrix true for weight rows ({@code w}, {@code p}, {@code dw}, {@code dp})
     */
    record Ref(String name, String kind, String field, BatchBuffer buffer, int layer, boolean matrix) {
    }

    private final NetworkPlan plan;
    /** The layer l of relative names, or 0 for field names. */
    private final int centre;
    private final Map<String, Ref> refs = new LinkedHashMap<>();

    private LayerNames(NetworkPlan plan, int centre) {
        this.plan = plan;
        this.centre = centre;
    }

    /** The fields' own names: the code of a single layer. */
    static LayerNames fields(NetworkPlan plan) {
        return new LayerNames(plan, 0);
    }

    /** Names relative to layer {@code l}: the code a run of alike layers shares. */
    static LayerNames relativeTo(NetworkPlan plan, LayerPlan l) {
        return new LayerNames(plan, l.index());
    }

    /** True for names relative to a layer. */
    boolean relative() {
        return centre > 0;
    }

    String w(LayerPlan m) {
        return array("w", m, Names.w(m), null, true);
    }

    String b(LayerPlan m) {
        return array("b", m, Names.b(m), null, false);
    }

    String p(LayerPlan m) {
        return array("p", m, Names.p(m), null, true);
    }

    String dw(LayerPlan m) {
        return array("dw", m, Names.dw(m), null, true);
    }

    String db(LayerPlan m) {
        return array("db", m, Names.db(m), null, false);
    }

    String dp(LayerPlan m) {
        return array("dp", m, Names.dp(m), null, true);
    }

    String z(LayerPlan m) {
        return array("z", m, Names.z(m), BatchBuffer.Z, false);
    }

    /** {@code h}, which is {@code z} in a linear layer. */
    String h(LayerPlan m) {
        return m.linear() ? z(m) : array("h", m, Names.h(m), BatchBuffer.H, false);
    }

    /** {@code a(z)}: z for the identity, a separate {@code a} in a residual layer, else h. */
    String activated(LayerPlan m) {
        if (m.activation() == Activation.IDENTITY) {
            return z(m);
        }
        return m.residual() ? array("a", m, Names.activated(m), BatchBuffer.A, false) : h(m);
    }

    String dz(LayerPlan m) {
        return array("dz", m, Names.dz(m), BatchBuffer.DZ, false);
    }

    /** {@code dL/dh}, which is {@code dL/dz} in a linear layer. */
    String dh(LayerPlan m) {
        return m.linear() ? dz(m) : array("dh", m, Names.dh(m), BatchBuffer.DH, false);
    }

    /** How comments write layer {@code k}: {@code 5}, or {@code (l)}, {@code (l-1)}, {@code (l+2)}. */
    String sub(int k) {
        if (!relative()) {
            return Integer.toString(k);
        }
        int d = k - centre;
        return d == 0 ? "(l)" : d < 0 ? "(l-" + -d + ")" : "(l+" + d + ")";
    }

    /** The math name of layer {@code k}'s output: {@code x} for 0, else {@code h} and its {@link #sub}. */
    String symbol(int k) {
        return k == 0 ? "x" : "h" + sub(k);
    }

    /** The math name of layer {@code l}'s input. */
    String inputSymbol(LayerPlan l) {
        return symbol(l.index() - 1);
    }

    /**
     * Layer {@code k}'s index into a table with a row per layer (the batch buffers, the transposed
     * weights): {@code 5}, or {@code layer - 1} in a shared method.
     */
    String index(int k) {
        if (!relative()) {
            return Integer.toString(k);
        }
        int d = k - centre;
        return d == 0 ? LAYER : d < 0 ? LAYER + " - " + -d : LAYER + " + " + d;
    }

    /** The batch buffer expression of a per-example buffer name: {@code batchZ[1]} for {@code z1}. */
    String batch(String name) {
        Ref ref = ref(name);
        if (ref == null || ref.buffer() == null) {
            throw new IllegalArgumentException("no batch buffer for " + name);
        }
        return ref.buffer().field() + "[" + index(ref.layer()) + "]";
    }

    /** True if {@code name} is a per-example activation buffer (which the batch path reads from its batch buffer). */
    boolean buffer(String name) {
        Ref ref = ref(name);
        return ref != null && ref.buffer() != null;
    }

    /** The layer whose array {@code name} is. */
    int layerOf(String name) {
        Ref ref = ref(name);
        if (ref == null) {
            throw new IllegalArgumentException("no array " + name);
        }
        return ref.layer();
    }

    /** The names given out so far, in order: a shared method's arrays. */
    List<Ref> refs() {
        return new ArrayList<>(refs.values());
    }

    /** The array {@code name} stands for, if this instance gave the name out. */
    Ref ref(String name) {
        return refs.get(name);
    }

    private String array(String kind, LayerPlan m, String field, BatchBuffer buffer, boolean matrix) {
        int d = m.index() - centre;
        String name = !relative() ? field
                : d == 0 ? kind : d < 0 ? kind + "Below" + (d == -1 ? "" : -d) : kind + "Above" + (d == 1 ? "" : d);
        refs.putIfAbsent(name, new Ref(name, kind, field, buffer, m.index(), matrix));
        return name;
    }
}
