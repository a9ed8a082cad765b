package io.chainrule;

/**
 * The exponential and the transcendental activation functions used by generated code, computed
 * with additions, multiplications and divisions only, so that every JVM (HotSpot, OpenJ9, ART)
 * returns the same bits: Java evaluates {@code +, -, *, /} exactly as IEEE 754 prescribes, while
 * {@code Math.exp} may differ by an ulp between JVMs and {@code StrictMath.exp} is a native call
 * on JDK 17. No function returns NaN for finite input, and only {@code exp} overflows (to
 * infinity, above 709.78).
 *
 * <p>{@link #exp} reduces {@code x = (32m + j) ln2/32 + r} with {@code |r| <= ln2/64}, so that
 * {@code e^x = 2^m · 2^(j/32) · e^r}; {@code 2^(j/32)} comes from a table of double-double
 * constants and {@code e^r - 1} from its Taylor polynomial of degree 6 (truncation error below
 * 4e-18). {@code exp} is within 1 ulp of {@code StrictMath.exp}; {@code tanh} within 2.5 ulps of
 * the exact value, also near zero, where it is computed from {@code e^x - 1} without
 * cancellation (ActivationsTest). On HotSpot 17 they were as fast as the {@code Math.exp}
 * intrinsic, twice as fast as {@code StrictMath.exp} and 3-4 times faster than {@code Math.tanh}
 * (BENCHMARKS.md, "Activations"). Float networks get their own {@link #tanh(float)}, a rational
 * approximation to float accuracy that needs no exponential.
 */
public final class Activations {
    private Activations() {
    }

    /** Largest x with a finite {@code e^x}. */
    private static final double EXP_MAX = 709.782712893384;
    /** Below this, {@code e^x} rounds to 0. */
    private static final double EXP_MIN = -745.1332191019412;
    /** 32 / ln 2. */
    private static final double N_BY_LN2 = 0x1.71547652b82fep+5;
    /** ln 2 / 32, high part with 20 trailing zero bits, so that {@code k * LN2_BY_N_HI} is exact. */
    private static final double LN2_BY_N_HI = 0x1.62e42fef00000p-6;
    /** ln 2 / 32 minus {@link #LN2_BY_N_HI}. */
    private static final double LN2_BY_N_LO = 0x1.473de6af278edp-39;
    /** Below this |z|, {@code tanh} is computed from {@code e^x - 1}. */
    private static final double TANH_SMALL = 0.5;
    /** Above this |z|, {@code tanh z} rounds to ±1 ({@code 2e^-40} is below half an ulp of 1). */
    private static final double TANH_SATURATED = 20.0;
    /** Above this |z|, {@code tanh z} rounds to ±1 in float ({@code 2e^-18.2} is below half an ulp of 1). */
    private static final float FLOAT_TANH_CLAMP = 9.1f;

    /** {@code 2^(j/32)} rounded to double, j = 0..31. */
    private static final double[] TWO_POW_HI = {
        0x1.0000000000000p+0, 0x1.059b0d3158574p+0, 0x1.0b5586cf9890fp+0, 0x1.11301d0125b51p+0,
        0x1.172b83c7d517bp+0, 0x1.1d4873168b9aap+0, 0x1.2387a6e756238p+0, 0x1.29e9df51fdee1p+0,
        0x1.306fe0a31b715p+0, 0x1.371a7373aa9cbp+0, 0x1.3dea64c123422p+0, 0x1.44e086061892dp+0,
        0x1.4bfdad5362a27p+0, 0x1.5342b569d4f82p+0, 0x1.5ab07dd485429p+0, 0x1.6247eb03a5585p+0,
        0x1.6a09e667f3bcdp+0, 0x1.71f75e8ec5f74p+0, 0x1.7a11473eb0187p+0, 0x1.82589994cce13p+0,
        0x1.8ace5422aa0dbp+0, 0x1.93737b0cdc5e5p+0, 0x1.9c49182a3f090p+0, 0x1.a5503b23e255dp+0,
        0x1.ae89f995ad3adp+0, 0x1.b7f76f2fb5e47p+0, 0x1.c199bdd85529cp+0, 0x1.cb720dcef9069p+0,
        0x1.d5818dcfba487p+0, 0x1.dfc97337b9b5fp+0, 0x1.ea4afa2a490dap+0, 0x1.f50765b6e4540p+0,
    };

    /** {@code 2^(j/32) - TWO_POW_HI[j]}, the rest of the double-double constant. */
    private static final double[] TWO_POW_LO = {
        0x0.0p+0, 0x1.d73e2a475b465p-55, 0x1.8a62e4adc610bp-54, -0x1.6c51039449b3ap-54,
        -0x1.19041b9d78a76p-55, 0x1.e016e00a2643cp-54, 0x1.9b07eb6c70573p-54, 0x1.612e8afad1255p-55,
        0x1.6f46ad23182e4p-55, -0x1.63aeabf42eae2p-54, 0x1.ada0911f09ebcp-55, 0x1.89b7a04ef80d0p-59,
        0x1.d4397afec42e2p-56, -0x1.07abe1db13cadp-55, 0x1.6324c054647adp-54, -0x1.383c17e40b497p-54,
        -0x1.bdd3413b26456p-54, -0x1.16e4786887a99p-55, -0x1.41577ee04992fp-55, -0x1.d4c1dd41532d8p-54,
        0x1.6e9f156864b27p-54, -0x1.75fc781b57ebcp-57, 0x1.c7c46b071f2bep-56, -0x1.d2f6edb8d41e1p-54,
        0x1.7a1cd345dcc81p-54, -0x1.5584f7e54ac3bp-56, 0x1.11065895048ddp-55, 0x1.503cbd1e949dbp-56,
        0x1.2ed02d75b3707p-55, -0x1.1a5cd4f184b5cp-54, -0x1.e9c23179c2893p-54, 0x1.9d3e12dd8a18bp-54,
    };

    /** {@code e^x}, the same bits on every JVM; 0 below -745.13, infinity above 709.78, NaN for NaN. */
    public static double exp(double x) {
        if (x > EXP_MAX) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < EXP_MIN) {
            return 0.0;
        }
        double k = Math.rint(x * N_BY_LN2);
        int n = (int) k;
        double r = (x - k * LN2_BY_N_HI) - k * LN2_BY_N_LO;
        int j = n & 31;
        double hi = TWO_POW_HI[j];
        // e^x = 2^m (hi + lo) (1 + q), q = e^r - 1
        double y = hi + (TWO_POW_LO[j] + hi * expm1Reduced(r));
        return scale(y, n >> 5);
    }

    /** {@code e^x - 1} for {@code -1 <= x <= 0}, accurate also near 0. */
    private static double expm1Negative(double x) {
        double k = Math.rint(x * N_BY_LN2);
        int n = (int) k;
        double r = (x - k * LN2_BY_N_HI) - k * LN2_BY_N_LO;
        int j = n & 31;
        double hi = TWO_POW_HI[j];
        double lo = TWO_POW_LO[j] + hi * expm1Reduced(r);
        double p = Double.longBitsToDouble((long) ((n >> 5) + 1023) << 52);
        // 2^m hi - 1 as s + e exactly (Knuth's two-sum), so the small parts are not lost
        double big = p * hi;
        double s = big - 1.0;
        double back = s - big;
        double e = (big - (s - back)) - (1.0 + back);
        return s + (e + p * lo);
    }

    /** {@code e^r - 1} for {@code |r| <= ln2/64}: Taylor polynomial of degree 6. */
    private static double expm1Reduced(double r) {
        return r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720)))));
    }

    /** {@code y · 2^m} for {@code 1 <= y < 2}, also where {@code 2^m} alone is not a normal double. */
    private static double scale(double y, int m) {
        if (m >= -1022 && m <= 1023) {
            return y * Double.longBitsToDouble((long) (m + 1023) << 52);
        }
        if (m > 1023) {
            return y * 0x1p1023 * Double.longBitsToDouble((long) (m - 1023 + 1023) << 52);
        }
        // subnormal result: one rounding, at the final multiplication
        return y * Double.longBitsToDouble((long) (m + 64 + 1023) << 52) * 0x1p-64;
    }

    /** {@code 1 / (1 + e^-z)}; 0 or 1 in the limits, never NaN. */
    public static double sigmoid(double z) {
        return 1.0 / (1.0 + exp(-z));
    }

    /** {@code 1 / (1 + e^-z)} in float. */
    public static float sigmoid(float z) {
        return (float) sigmoid((double) z);
    }

    /**
     * {@code tanh |z|} is {@code -u / (2 + u)} with {@code u = e^(-2|z|) - 1} below |z| = 1/2,
     * which loses nothing to cancellation near 0, and {@code 1 - 2 / (e^(2|z|) + 1)} above, whose
     * rounding errors fall on the small term; exactly ±1 above |z| = 20. The forms of fdlibm.
     */
    public static double tanh(double z) {
        double a = Math.abs(z);
        double r;
        if (a < TANH_SMALL) {
            double u = expm1Negative(-2.0 * a);
            r = -u / (2.0 + u);
        } else if (a > TANH_SATURATED) {
            r = 1.0;
        } else {
            r = 1.0 - 2.0 / (exp(2.0 * a) + 1.0);
        }
        return Math.copySign(r, z);
    }

    /**
     * {@code tanh z} in float: {@code x P(x²) / Q(x²)} with x = z clamped to ±9.1 (beyond which
     * tanh rounds to ±1 in float), P of degree 6 and Q of degree 4, evaluated in double and
     * rounded once to float. The coefficients are a minimax fit of the relative error on
     * [0, 9.1] ({@code docs/tanh_float_fit.py}), which stays below 1.1e-10, far below float's
     * half ulp (3e-8): the result is the correctly rounded float or, for about 1 in 16,000
     * arguments, the float next to it (ActivationsTest). No table, no exponential, one division:
     * about twice as fast as rounding {@link #tanh(double)}, which P4 (8 tanh per example)
     * measured as most of its time.
     */
    public static float tanh(float z) {
        double x = z > FLOAT_TANH_CLAMP ? FLOAT_TANH_CLAMP : z < -FLOAT_TANH_CLAMP ? -FLOAT_TANH_CLAMP : z;
        double t = x * x;
        double p = 0x1.c6a6499e7380cp-46;
        p = p * t - 0x1.13b8b758a5d70p-35;
        p = p * t + 0x1.8647968addad4p-25;
        p = p * t + 0x1.14090db303c8bp-15;
        p = p * t + 0x1.0c08f434c101bp-8;
        p = p * t + 0x1.1bb307bc37893p-3;
        p = p * t + 0x1.ffffffff23a10p-1;
        double q = 0x1.be425cef507b3p-20;
        q = q * t + 0x1.c75d25419aae8p-12;
        q = q * t + 0x1.cb7391f13eeecp-6;
        q = q * t + 0x1.e32ed920e64b8p-2;
        q = q * t + 1.0;
        return (float) (x * p / q);
    }

    /**
     * {@code ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|)}, exact for large |z|; the logarithm is
     * {@code StrictMath.log1p} (fdlibm, the same bits on every JVM).
     */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + StrictMath.log1p(exp(-Math.abs(z)));
    }

    /** {@code ln(1 + e^z)} in float. */
    public static float softplus(float z) {
        return (float) softplus((double) z);
    }
}
