package io.chainrule.kernel;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The products generated classes hand their large batched products to, found once per class
 * loader through {@link ServiceLoader}: {@code chainrule-vector}'s SIMD products where that jar is
 * on the class path and the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}),
 * otherwise none, and generated code runs its own loops. Either way the results have the same
 * bits ({@link FloatProducts}), so the choice changes speed only, unless the user opts into fused
 * multiply-adds (below).
 *
 * <p>The system property {@value #PROPERTY}{@code =plain} turns them off (to compare, or to rule
 * them out); {@value #PROPERTY}{@code =}{@value #FUSED} asks the products for fused multiply-adds
 * (one rounding per term, {@code Math.fma}'s, in the same order): faster, deterministic (the same
 * bits on every JVM that runs those products), but not the generated loops' bits, so a model
 * trained so is not the one the loops (Android, Java 8) train. A provider that cannot start (no
 * Vector API) is passed over silently, which is the documented fallback, and {@link #describe()}
 * says which products are in use.
 */
public final class Products {
    /** The system property that chooses the products: {@code plain} (none) or {@value #FUSED}. */
    public static final String PROPERTY = "chainrule.products";

    /** {@link #PROPERTY}'s value that opts into fused multiply-adds. */
    public static final String FUSED = "fma";

    /** The float products in use, or null where generated code runs its own loops. */
    public static final FloatProducts FLOAT = load(FloatProducts.class);

    /** The double products in use, or null where generated code runs its own loops. */
    public static final DoubleProducts DOUBLE = load(DoubleProducts.class);

    private Products() {
    }

    /** One line naming the float and double products in use, such as {@code "float: VectorFloatProducts, double: plain loops"}. */
    public static String describe() {
        return "float: " + name(FLOAT) + ", double: " + name(DOUBLE);
    }

    private static String name(Object products) {
        return products == null ? "plain loops" : products.toString();
    }

    private static <T> T load(Class<T> type) {
        if ("plain".equals(System.getProperty(PROPERTY))) {
            return null;
        }
        try {
            Iterator<T> providers = ServiceLoader.load(type, Products.class.getClassLoader()).iterator();
            return providers.hasNext() ? providers.next() : null;
        } catch (ServiceConfigurationError | LinkageError e) {
            // the provider needs what this JVM lacks (the Vector API module): generated loops
            return null;
        }
    }
}
