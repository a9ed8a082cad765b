package io.chainrule.samples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line values of an enum, by their lower-case {@code toString()} ({@code digits-hinge},
 * {@code adam}), so that the help and the error messages show the names as they are typed.
 */
@DesktopOnly
final class LowerCaseNames {
    private LowerCaseNames() {
    }

    /** The constant of {@code type} whose {@code toString()} is {@code value}, ignoring case. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.toString().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new TypeConversionException("expected one of " + names(type) + " but was '" + value + "'");
    }

    /** The names of the constants of {@code type}, in order. */
    static <E extends Enum<E>> List<String> names(Class<E> type) {
        List<String> names = new ArrayList<String>();
        for (E e : type.getEnumConstants()) {
            names.add(e.toString());
        }
        return names;
    }
}
