package io.chainrule.processor.read;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The members of one annotation, typed. A value javac could not evaluate (an undefined constant,
 * a missing import) comes as a string or an error type; reading one throws {@link Erroneous},
 * and the declaration is given up without a word of ours: javac reports the cause itself.
 */
final class Values {
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;

    Values(Elements elements, AnnotationMirror mirror) {
        this.values = elements.getElementValuesWithDefaults(mirror);
    }

    /**
     * An annotation value javac could not evaluate (no message: javac reports it), or one this
     * processor cannot read (with the message to report on it).
     */
    static final class Erroneous extends Exception {
        private static final long serialVersionUID = 1L;
        final transient AnnotationValue value;

        Erroneous() {
            this(null, null);
        }

        Erroneous(String message, AnnotationValue value) {
            super(message, null, false, false);
            this.value = value;
        }
    }

    AnnotationValue value(String name) throws Erroneous {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        throw new Erroneous(); // a member javac left out: the annotation type itself is broken
    }

    int intValue(String name) throws Erroneous {
        return cast(value(name).getValue(), Integer.class);
    }

    boolean booleanValue(String name) throws Erroneous {
        return cast(value(name).getValue(), Boolean.class);
    }

    String stringValue(String name) throws Erroneous {
        return cast(value(name).getValue(), String.class);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) throws Erroneous {
        AnnotationValue value = value(name);
        VariableElement constant = cast(value.getValue(), VariableElement.class);
        if (constant.getKind() != ElementKind.ENUM_CONSTANT) {
            throw new Erroneous();
        }
        try {
            return Enum.valueOf(type, constant.getSimpleName().toString());
        } catch (IllegalArgumentException e) {
            throw new Erroneous(Messages.unknownConstant(type.getSimpleName(), constant.getSimpleName().toString()),
                    value);
        }
    }

    /** The annotations of an array member, such as {@code layers}. */
    List<AnnotationMirror> annotations(String name) throws Erroneous {
        List<?> entries = cast(value(name).getValue(), List.class);
        List<AnnotationMirror> mirrors = new java.util.ArrayList<>();
        for (Object entry : entries) {
            Object annotation = cast(entry, AnnotationValue.class).getValue();
            mirrors.add(cast(annotation, AnnotationMirror.class));
        }
        return mirrors;
    }

    private static <T> T cast(Object value, Class<T> type) throws Erroneous {
        if (!type.isInstance(value)) {
            throw new Erroneous();
        }
        return type.cast(value);
    }
}
