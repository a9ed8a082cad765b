package io.chainrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Activations} against {@code StrictMath} (fdlibm, within 1 ulp of the exact value) and, at
 * a few points, against the exact value from a series in {@code BigDecimal}; and its limits.
 */
class ActivationsTest {
    private static final int SAMPLES = 2_000_000;

    /** Distance in ulps of {@code actual} from {@code expected}, in units of {@code expected}'s ulp. */
    private static double ulps(double actual, double expected) {
        if (actual == expected) {
            return 0;
        }
        return Math.abs(actual - expected) / Math.ulp(expected);
    }

    @Test
    void expIsWithinOneUlpOfFdlibmOverItsWholeRange() {
        Random random = new Random(1);
        double worst = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double x = -745 + 1455 * random.nextDouble();
            double expected = StrictMath.exp(x);
            if (expected < Double.MIN_NORMAL) {
                continue; // subnormal results: checked below, ulps are coarse there
            }
            worst = Math.max(worst, ulps(Activations.exp(x), expected));
        }
        for (int i = 0; i < SAMPLES; i++) {
            double x = 0.1 * (2 * random.nextDouble() - 1);
            worst = Math.max(worst, ulps(Activations.exp(x), StrictMath.exp(x)));
        }
        System.out.printf("exp: largest difference from StrictMath.exp %.3f ulp%n", worst);
        assertTrue(worst <= 1, "exp differs from StrictMath.exp by " + worst + " ulp");
    }

    @Test
    void tanhIsWithinFourUlpsOfFdlibmAlsoNearZero() {
        Random random = new Random(2);
        double worst = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double z = 25 * (2 * random.nextDouble() - 1);
            worst = Math.max(worst, ulps(Activations.tanh(z), StrictMath.tanh(z)));
            double small = Math.scalb(2 * random.nextDouble() - 1, -random.nextInt(60));
            worst = Math.max(worst, ulps(Activations.tanh(small), StrictMath.tanh(small)));
        }
        System.out.printf("tanh: largest difference from StrictMath.tanh %.3f ulp%n", worst);
        // both are within about 2 ulps of the exact value (sample points below), in opposite directions at worst
        assertTrue(worst <= 4, "tanh differs from StrictMath.tanh by " + worst + " ulp");
    }

    @Test
    void matchesTheExactValueAtSamplePoints() {
        for (double x : new double[] {-700.5, -20, -1, -0.3, -1e-9, 1e-9, 0.25, 1, 3.7, 100, 700}) {
            double exact = exactExp(x);
            assertTrue(ulps(Activations.exp(x), exact) <= 1, "exp(" + x + ")");
        }
        for (double z : new double[] {1e-12, 1e-5, 0.01, 0.1991940632372291, 0.3, 0.4294054651375778, 0.5, 1, 5}) {
            double exact = exactTanh(z);
            assertTrue(ulps(Activations.tanh(z), exact) <= 2.5, "tanh(" + z + ")");
            assertTrue(ulps(Activations.tanh(-z), -exact) <= 2.5, "tanh(" + -z + ")");
        }
    }

    /** e^x to about 40 digits. */
    private static double exactExp(double x) {
        return exactExpDecimal(x).doubleValue();
    }

    /** tanh z = (e^2z - 1) / (e^2z + 1) to about 40 digits. */
    private static double exactTanh(double z) {
        MathContext mc = new MathContext(60);
        BigDecimal e = exactExpDecimal(2 * z);
        return e.subtract(BigDecimal.ONE, mc).divide(e.add(BigDecimal.ONE, mc), mc).doubleValue();
    }

    /** Taylor series of e^(x/2^k), squared k times. */
    private static BigDecimal exactExpDecimal(double x) {
        MathContext mc = new MathContext(60);
        int k = 12;
        BigDecimal y = new BigDecimal(x).divide(BigDecimal.valueOf(1L << k), mc);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(y, mc).divide(BigDecimal.valueOf(n), mc);
            sum = sum.add(term, mc);
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, mc);
        }
        return sum;
    }

    @Test
    void limitsAreExactAndNeverNaN() {
        assertEquals(Double.POSITIVE_INFINITY, Activations.exp(710));
        assertEquals(Double.POSITIVE_INFINITY, Activations.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Activations.exp(-746));
        assertEquals(0.0, Activations.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Activations.exp(Double.NaN)));
        assertEquals(1.0, Activations.exp(0.0));
        assertEquals(StrictMath.exp(709.78), Activations.exp(709.78), Math.ulp(StrictMath.exp(709.78)));
        assertEquals(StrictMath.exp(-740), Activations.exp(-740), 2 * Double.MIN_VALUE);

        assertEquals(1.0, Activations.tanh(20.5));
        assertEquals(-1.0, Activations.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Activations.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Activations.tanh(-0.0)));
        assertTrue(Double.isNaN(Activations.tanh(Double.NaN)));

        assertEquals(0.0, Activations.sigmoid(-800.0));
        assertEquals(1.0, Activations.sigmoid(800.0));
        assertEquals(0.5, Activations.sigmoid(0.0));
        assertEquals(800.0, Activations.softplus(800.0));
        assertEquals(0.0, Activations.softplus(-800.0));
        assertEquals(Math.log(2), Activations.softplus(0.0), 1e-16);
        assertEquals(1f, Activations.tanh(9.1f));
        assertEquals(1f, Activations.tanh(Float.MAX_VALUE));
        assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Activations.tanh(-0f)));
        assertEquals(Float.MIN_VALUE, Activations.tanh(Float.MIN_VALUE));
        assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
    }

    /**
     * The float tanh (a rational approximation, not the double tanh rounded) against
     * {@code StrictMath.tanh} rounded to float, on every 61st float from 0 up to infinity (35
     * million, half of them below 1): never more than 1 ulp apart, and equal for all but about
     * 1 in 16,000; odd and non-decreasing.
     */
    @Test
    void floatTanhIsTheRoundedValueOrItsNeighbourOddAndMonotone() {
        long points = 0;
        long differ = 0;
        float previous = 0f;
        for (int bits = 0; bits < 0x7f800000; bits += 61) {
            float z = Float.intBitsToFloat(bits);
            float t = Activations.tanh(z);
            int ulps = Math.abs(Float.floatToIntBits(t) - Float.floatToIntBits((float) StrictMath.tanh(z)));
            if (ulps > 1 || -t != Activations.tanh(-z) || t < previous) {
                fail("tanh(" + z + ") = " + t + ": " + ulps + " ulps from the rounded value, tanh(-z) = "
                        + Activations.tanh(-z) + ", previous " + previous);
            }
            points++;
            differ += ulps;
            previous = t;
        }
        System.out.printf("float tanh: %d of %d sampled floats differ from the rounded value by 1 ulp%n", differ, points);
        assertTrue(differ * 10_000 < points, differ + " of " + points + " differ");
    }

    @Test
    void tanhIsOddAndMonotone() {
        double previous = -1;
        for (double z = -21; z <= 21; z += 1.0 / 1024) {
            double t = Activations.tanh(z);
            assertEquals(-t, Activations.tanh(-z));
            assertTrue(t >= previous, "tanh decreases at " + z);
            previous = t;
        }
    }
}
