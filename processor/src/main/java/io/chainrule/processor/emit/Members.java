package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;

/** How the generated classes spell their public members: overrides, getters and constants. */
final class Members {
    private Members() {
    }

    /** A public {@code @Override} method. */
    static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    /** A public override that returns {@code field}. */
    static MethodSpec getter(String name, TypeName returns, String field) {
        return override(name, returns).addStatement("return $L", field).build();
    }

    /** A public override that returns {@code value}. */
    static MethodSpec getter(String name, TypeName returns, CodeBlock value) {
        return override(name, returns).addStatement("return $L", value).build();
    }

    /** A public constant with its Javadoc. */
    static FieldSpec constant(TypeName type, String name, String doc, String format, Object value) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer(format, value).build();
    }
}
