package io.chainrule.processor.read;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.chainrule.Network;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * {@code @Network} on a local class. javac never shows local types to annotation processors,
 * so without this the annotation would be silently ignored; here the source trees of the
 * round's types are searched for it (by name, since local classes are not attributed yet) and
 * it is reported as an error. Needs javac's tree API; under another compiler, nothing is checked.
 */
public final class LocalNetworks {
    private LocalNetworks() {
    }

    public static void report(ProcessingEnvironment env, RoundEnvironment round) {
        Trees trees;
        try {
            trees = Trees.instance(env);
        } catch (IllegalArgumentException | LinkageError e) {
            return; // not javac
        }
        for (Element root : round.getRootElements()) {
            if (!(root instanceof TypeElement)) {
                continue;
            }
            TreePath path = trees.getPath(root);
            if (path == null) {
                continue;
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            boolean imported = importsNetwork(unit);
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree tree, Void unused) {
                    if (isLocal(getCurrentPath())) {
                        for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
                            String name = annotation.getAnnotationType().toString();
                            if (name.equals(Network.class.getCanonicalName())
                                    || (imported && name.equals(Network.class.getSimpleName()))) {
                                trees.printMessage(Kind.ERROR, Messages.LOCAL, annotation, unit);
                            }
                        }
                    }
                    return super.visitClass(tree, unused);
                }
            }.scan(path, null);
        }
    }

    /** True if the class at {@code path} is declared in a block (a method body or an initializer). */
    private static boolean isLocal(TreePath path) {
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree.Kind kind = p.getLeaf().getKind();
            if (p.getLeaf() instanceof BlockTree) {
                return true;
            }
            if (kind == Tree.Kind.CLASS || kind == Tree.Kind.INTERFACE || kind == Tree.Kind.ENUM
                    || kind == Tree.Kind.ANNOTATION_TYPE || kind == Tree.Kind.RECORD) {
                return false;
            }
        }
        return false;
    }

    /** True if the simple name {@code Network} means {@code io.chainrule.Network} in {@code unit}. */
    private static boolean importsNetwork(CompilationUnitTree unit) {
        String pkg = Network.class.getPackage().getName();
        if (unit.getPackageName() != null && unit.getPackageName().toString().equals(pkg)) {
            return true;
        }
        for (ImportTree i : unit.getImports()) {
            String name = i.getQualifiedIdentifier().toString();
            if (!i.isStatic() && (name.equals(Network.class.getCanonicalName()) || name.equals(pkg + ".*"))) {
                return true;
            }
        }
        return false;
    }
}
