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
import io.chainrule.Inference;
import io.chainrule.Network;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * {@code @Network} (or {@code @Inference}) on a local class. javac never shows local types to annotation processors,
 * so without this the annotation would be silently ignored; here the source trees of the
 * round's types are searched for it (by name, since local classes are not attributed yet) and
 * it is reported as an error. Needs javac's tree API; under another compiler, nothing is checked.
 */
public final class LocalNetworks {
    private LocalNetworks() {
    }

    /** The annotations that declare a generated class. */
    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(Network.class, Inference.class);

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
            List<Class<? extends Annotation>> imported = imported(unit);
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree tree, Void unused) {
                    if (isLocal(getCurrentPath())) {
                        for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
                            String name = annotation.getAnnotationType().toString();
                            for (Class<? extends Annotation> type : ANNOTATIONS) {
                                if (name.equals(type.getCanonicalName())
                                        || (imported.contains(type) && name.equals(type.getSimpleName()))) {
                                    trees.printMessage(Kind.ERROR, Messages.LOCAL.replace("@Network",
                                            "@" + type.getSimpleName()), annotation, unit);
                                }
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

    /** The annotations of {@link #ANNOTATIONS} whose simple name means them in {@code unit}. */
    private static List<Class<? extends Annotation>> imported(CompilationUnitTree unit) {
        String pkg = Network.class.getPackage().getName();
        boolean samePackage = unit.getPackageName() != null && unit.getPackageName().toString().equals(pkg);
        List<Class<? extends Annotation>> imported = new java.util.ArrayList<>();
        for (Class<? extends Annotation> type : ANNOTATIONS) {
            boolean found = samePackage;
            for (ImportTree i : unit.getImports()) {
                String name = i.getQualifiedIdentifier().toString();
                if (!i.isStatic() && (name.equals(type.getCanonicalName()) || name.equals(pkg + ".*"))) {
                    found = true;
                }
            }
            if (found) {
                imported.add(type);
            }
        }
        return imported;
    }
}
