package io.chainrule.processor.read;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Methods of the annotated type that the generated class cannot coexist with: one of the same
 * name and parameters that is final or static, that the generated class declares private (it
 * would narrow an inherited method), or whose return type the generated one cannot override.
 */
final class MemberClashes {
    private final Elements elements;
    private final Types types;

    MemberClashes(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    void check(TypeElement type, TypeSpec generated, Report report) {
        for (ExecutableElement inherited : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (inherited.getModifiers().contains(Modifier.PRIVATE)) {
                continue; // not inherited by the generated class
            }
            for (MethodSpec method : generated.methodSpecs()) {
                if (method.isConstructor() || !method.name().equals(inherited.getSimpleName().toString())
                        || !sameParameters(method.parameters(), inherited.getParameters())) {
                    continue;
                }
                String problem = problem(method, inherited);
                if (problem != null) {
                    String owner = ((TypeElement) inherited.getEnclosingElement()).getQualifiedName().toString();
                    String message = Messages.memberClash(owner, signature(method), problem,
                            generated.name());
                    if (inherited.getEnclosingElement().equals(type)) {
                        report.errorOn(message, inherited);
                    } else {
                        report.errorOnElement(message);
                    }
                }
            }
        }
    }

    /** Why {@code method} cannot be declared beside {@code inherited}, or null if it can. */
    private String problem(MethodSpec method, ExecutableElement inherited) {
        if (inherited.getModifiers().contains(Modifier.ABSTRACT) && method.modifiers().contains(Modifier.PRIVATE)) {
            return null; // reported as an abstract method Chainrule cannot implement
        }
        if (inherited.getModifiers().contains(Modifier.FINAL)) {
            return "it is final there, so the generated class cannot implement it; remove 'final'";
        }
        if (inherited.getModifiers().contains(Modifier.STATIC)) {
            return "it is static there; rename it";
        }
        if (method.modifiers().contains(Modifier.PRIVATE)) {
            return "the generated class uses that signature for a private method of its own; rename it";
        }
        TypeMirror returned = mirror(method.returnType());
        TypeMirror wanted = types.erasure(inherited.getReturnType());
        boolean overrides = returned != null && (returned.getKind().isPrimitive() || returned.getKind() == TypeKind.VOID
                ? returned.getKind() == wanted.getKind()
                : types.isSubtype(returned, wanted));
        return overrides ? null : "it returns " + wanted + " there but " + method.returnType()
                + " in the generated class; rename it";
    }

    private boolean sameParameters(List<ParameterSpec> generated, List<? extends VariableElement> inherited) {
        if (generated.size() != inherited.size()) {
            return false;
        }
        for (int i = 0; i < generated.size(); i++) {
            if (!generated.get(i).type().toString().equals(types.erasure(inherited.get(i).asType()).toString())) {
                return false;
            }
        }
        return true;
    }

    /** The type a generated signature names, or null if this compilation does not know it. */
    private TypeMirror mirror(TypeName name) {
        if (name.equals(TypeName.VOID)) {
            return types.getNoType(TypeKind.VOID);
        }
        if (name.isPrimitive()) {
            return types.getPrimitiveType(TypeKind.valueOf(name.toString().toUpperCase(java.util.Locale.ROOT)));
        }
        if (name instanceof ArrayTypeName array) {
            TypeMirror component = mirror(array.componentType());
            return component == null ? null : types.getArrayType(component);
        }
        if (name instanceof ClassName className) {
            TypeElement element = elements.getTypeElement(className.canonicalName());
            return element == null ? null : types.erasure(element.asType());
        }
        return null;
    }

    private static String signature(MethodSpec method) {
        List<String> parameters = new ArrayList<>();
        method.parameters().forEach(p -> parameters.add(p.type().toString()));
        return method.name() + "(" + String.join(", ", parameters) + ")";
    }
}
