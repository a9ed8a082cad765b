package io.chainrule.processor.read;

import io.chainrule.DoubleModel;
import io.chainrule.DoublePredictor;
import io.chainrule.FloatModel;
import io.chainrule.FloatPredictor;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the annotated type must be for a generated class in its package to implement or extend
 * it: an interface or abstract class that class can see, subclass and construct, whose abstract
 * methods are all {@code Model} methods.
 */
final class TypeChecks {
    private final Elements elements;
    private final Types types;

    TypeChecks(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * Checks the kind, modifiers, nesting and constructor of {@code type}.
     *
     * @param generatedName simple name of the class to be generated, which a sealed type must permit
     */
    void checkType(TypeElement type, String generatedName, Report report) {
        ElementKind kind = type.getKind();
        Set<Modifier> modifiers = type.getModifiers();
        if (kind == ElementKind.ENUM) {
            report.errorOnElement(Messages.ENUM);
        } else if (kind == ElementKind.CLASS && modifiers.contains(Modifier.FINAL)) {
            report.errorOnElement(Messages.FINAL_CLASS);
        } else if (kind != ElementKind.INTERFACE
                && !(kind == ElementKind.CLASS && modifiers.contains(Modifier.ABSTRACT))) {
            report.errorOnElement(Messages.NOT_INTERFACE_OR_ABSTRACT_CLASS);
        }
        if (!type.getTypeParameters().isEmpty()) {
            report.errorOnElement(Messages.GENERIC);
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            report.errorOnElement(Messages.PRIVATE);
        }
        NestingKind nesting = type.getNestingKind();
        if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
            report.errorOnElement(Messages.LOCAL);
        } else if (nesting == NestingKind.MEMBER && kind == ElementKind.CLASS && !modifiers.contains(Modifier.STATIC)) {
            report.errorOnElement(Messages.INNER_CLASS);
        }
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                report.errorOnElement(Messages.inPrivateType(e.getSimpleName().toString()));
            }
        }
        if (modifiers.contains(Modifier.SEALED) && !permits(type, generatedName)) {
            report.errorOnElement(Messages.sealed(type.getSimpleName().toString(), generatedName));
        }
        if (kind == ElementKind.CLASS) {
            checkConstructor(type, report);
        }
        for (Element member : elements.getAllMembers(type)) {
            String name = member.getSimpleName().toString();
            if ((member.getKind().isField() || member.getKind().isClass() || member.getKind().isInterface())
                    && (name.equals("java") || name.equals("io"))) {
                report.errorOn(Messages.hidesPackage(member.getSimpleName().toString()),
                        member.getEnclosingElement().equals(type) ? member : type);
            }
        }
    }

    private static boolean permits(TypeElement type, String generatedName) {
        for (TypeMirror permitted : type.getPermittedSubclasses()) {
            // the generated class does not exist yet: javac gives an error type of the same name
            String name = permitted.getKind() == TypeKind.DECLARED
                    ? ((DeclaredType) permitted).asElement().getSimpleName().toString()
                    : permitted.toString();
            if (name.equals(generatedName) || name.endsWith("." + generatedName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A non-private constructor that {@code super()} calls (no parameters, or varargs alone) and
     * that throws no checked exception.
     */
    private void checkConstructor(TypeElement type, Report report) {
        TypeMirror runtimeException = elements.getTypeElement(RuntimeException.class.getCanonicalName()).asType();
        TypeMirror error = elements.getTypeElement(Error.class.getCanonicalName()).asType();
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            boolean callable = constructor.getParameters().isEmpty()
                    || (constructor.isVarArgs() && constructor.getParameters().size() == 1);
            if (!callable || constructor.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            for (TypeMirror thrown : constructor.getThrownTypes()) {
                if (!types.isAssignable(thrown, runtimeException) && !types.isAssignable(thrown, error)) {
                    report.errorOn(Messages.constructorThrows(thrown.toString()), constructor);
                }
            }
            return;
        }
        report.errorOnElement(Messages.NO_CONSTRUCTOR);
    }

    /** Abstract methods must be Model methods of the declared precision; others cannot be generated. */
    void checkAbstractMethods(TypeElement type, Precision precision, Report report) {
        Class<?> wanted = precision == Precision.FLOAT ? FloatModel.class : DoubleModel.class;
        Class<?> other = precision == Precision.FLOAT ? DoubleModel.class : FloatModel.class;
        TypeElement otherElement = elements.getTypeElement(other.getCanonicalName());
        if (otherElement != null && types.isAssignable(types.erasure(type.asType()), types.erasure(otherElement.asType()))) {
            report.errorOnElement(Messages.wrongPrecisionInterface(other.getSimpleName(), precision.name()));
            return;
        }
        Class<?> predictor = precision == Precision.FLOAT ? FloatPredictor.class : DoublePredictor.class;
        checkAbstractMethods(type, wanted, List.of(Predictor.class, predictor, Model.class, wanted), report);
    }

    /**
     * Reports every abstract method of {@code type} that is not a method of {@code contracts}: the
     * generated class implements only those; {@code wanted} is the interface the message names.
     */
    void checkAbstractMethods(TypeElement type, Class<?> wanted, List<Class<?>> contracts, Report report) {
        List<ExecutableElement> modelMethods = methodsOf(contracts.toArray(new Class<?>[0]));
        List<ExecutableElement> objectMethods = methodsOf(Object.class);
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (!method.getModifiers().contains(Modifier.ABSTRACT) || isContractMethod(method, modelMethods)) {
                continue;
            }
            if (method.getEnclosingElement().getKind().isInterface() && isContractMethod(method, objectMethods)) {
                continue; // toString() declared in an interface: the generated class inherits Object's
            }
            Element owner = method.getEnclosingElement();
            String where = owner.equals(type) ? "" : " (inherited from " + owner.getSimpleName() + ")";
            String message = Messages.abstractMethod(method.getSimpleName() + "()" + where, wanted.getSimpleName());
            if (owner.equals(type)) {
                report.errorOn(message, method);
            } else {
                report.errorOnElement(message);
            }
        }
    }

    private List<ExecutableElement> methodsOf(Class<?>... contracts) {
        List<ExecutableElement> methods = new ArrayList<>();
        for (Class<?> contract : contracts) {
            TypeElement element = elements.getTypeElement(contract.getCanonicalName());
            if (element != null) {
                methods.addAll(ElementFilter.methodsIn(element.getEnclosedElements()));
            }
        }
        return methods;
    }

    private boolean isContractMethod(ExecutableElement method, List<ExecutableElement> contract) {
        for (ExecutableElement candidate : contract) {
            if (candidate.getSimpleName().equals(method.getSimpleName()) && sameParameters(method, candidate)) {
                return true;
            }
        }
        return false;
    }

    private boolean sameParameters(ExecutableElement a, ExecutableElement b) {
        if (a.getParameters().size() != b.getParameters().size()) {
            return false;
        }
        for (int i = 0; i < a.getParameters().size(); i++) {
            if (!types.isSameType(types.erasure(a.getParameters().get(i).asType()),
                    types.erasure(b.getParameters().get(i).asType()))) {
                return false;
            }
        }
        return true;
    }
}
