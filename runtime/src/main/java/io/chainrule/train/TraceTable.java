package io.chainrule.train;

import io.chainrule.Precision;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Prints a {@link StepTrace} as a table, one value per line: the element, the value the generated
 * code computed, for a gradient {@code ≈} (or {@code ≠}, outside the tolerance) and its
 * finite-difference estimate, and on a quantity's first line the formula it was computed by.
 */
final class TraceTable {
    private static final String ROW = "%-16s %12s %1s %12s %s%n";

    private TraceTable() {
    }

    static String format(StepTrace trace) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "quantity", "value", "", "estimate", "computed by"));
        boolean backward = false;
        out.append("forward pass\n");
        for (StepTrace.Quantity q : trace.quantities()) {
            if (!backward && q.hasEstimates()) {
                backward = true;
                out.append("backward pass (the chain rule, from the loss down)\n");
            }
            for (int k = 0; k < q.shown(); k++) {
                String estimate = q.hasEstimates() ? number(q.estimate(k)) : "";
                String sign = q.hasEstimates() ? (q.agrees(k) ? "≈" : "≠") : "";
                out.append(String.format(Locale.ROOT, ROW, q.element(k), number(q.value(k)), sign, estimate,
                        k == 0 ? q.formula() : "").replaceAll(" +\n", "\n"));
            }
            if (q.shown() < q.size()) {
                out.append(String.format(Locale.ROOT, "%-16s (%d more)%n", "  ...", q.size() - q.shown()));
            }
        }
        int estimates = trace.estimateCount();
        int agreeing = trace.agreeingCount();
        out.append(String.format(Locale.ROOT, "%d of %d finite-difference estimates agree (%s)%n", agreeing, estimates,
                trace.precision() == Precision.FLOAT
                        ? String.format(Locale.ROOT, "float: step %s; |value - estimate| <= %s |value| + %s max(1, |L|)",
                                plain(StepTrace.FLOAT_STEP), plain(StepTrace.FLOAT_RELATIVE), plain(StepTrace.FLOAT_NOISE))
                        : String.format(Locale.ROOT, "double: step %s; relative error <= %s", plain(StepTrace.DOUBLE_STEP),
                                plain(StepTrace.DOUBLE_RELATIVE))));
        if (agreeing < estimates) {
            out.append("(an estimate whose steps straddle a kink, a ReLU's z or a hinge margin near 0, can disagree)\n");
        }
        return out.toString();
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Six decimals, or six significant digits in scientific notation below 0.001 and from 100,000 on. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.6f", v) : String.format(Locale.ROOT, "%.5e", v);
    }
}
