package io.chainrule.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import io.chainrule.Precision;

/** How literals, casts and array types are spelled in the generated code's precision. */
final class Numeric {
    private final Precision precision;

    Numeric(Precision precision) {
        this.precision = precision;
    }

    boolean isFloat() {
        return precision == Precision.FLOAT;
    }

    TypeName type() {
        return isFloat() ? TypeName.FLOAT : TypeName.DOUBLE;
    }

    TypeName array() {
        return ArrayTypeName.of(type());
    }

    TypeName matrix() {
        return ArrayTypeName.of(array());
    }

    /** A literal such as {@code 1f} or {@code 1.0} for the decimal text {@code value}. */
    String literal(String value) {
        if (isFloat()) {
            return value + "f";
        }
        return value.contains(".") ? value : value + ".0";
    }

    /** {@code expression}, cast to float when the model is float (for {@code Math} results). */
    CodeBlock narrow(CodeBlock expression) {
        return isFloat() ? CodeBlock.of("(float) $L", expression) : expression;
    }
}
