package io.chainrule.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Builds {@code @Network} sources for tests and compiles them with the processor. */
final class Networks {
    private Networks() {
    }

    /** One network declaration: an interface {@code pkg.name} with the given layers. */
    record Declaration(String pkg, String name, int inputs, int[] units, Activation[] activations, int[] skips,
            boolean[] projections, Loss loss, Precision precision, CodeShape shape) {

        /** A network without residual connections. */
        Declaration(String pkg, String name, int inputs, int[] units, Activation[] activations, Loss loss,
                Precision precision, CodeShape shape) {
            this(pkg, name, inputs, units, activations, new int[units.length], new boolean[units.length], loss,
                    precision, shape);
        }

        String qualifiedName() {
            return pkg + "." + name;
        }

        String generatedName() {
            return qualifiedName() + "Model";
        }

        JavaFileObject source() {
            StringBuilder layers = new StringBuilder();
            for (int i = 0; i < units.length; i++) {
                layers.append(i == 0 ? "" : ",\n")
                        .append("        @Layer(units = ").append(units[i])
                        .append(", activation = Activation.").append(activations[i].name())
                        .append(skips[i] > 0 ? ", skip = " + skips[i] : "")
                        .append(projections[i] ? ", projection = true" : "").append(")");
            }
            String modelInterface = precision == Precision.FLOAT ? "FloatModel" : "DoubleModel";
            return JavaFileObjects.forSourceString(qualifiedName(), String.join("\n",
                    "package " + pkg + ";",
                    "",
                    "import io.chainrule.*;",
                    "",
                    "@Network(",
                    "    inputs = " + inputs + ",",
                    "    layers = {",
                    layers.toString(),
                    "    },",
                    "    loss = Loss." + loss.name() + ",",
                    "    precision = Precision." + precision.name() + ",",
                    "    shape = CodeShape." + shape.name() + ")",
                    "public interface " + name + " extends " + modelInterface + " {",
                    "}",
                    ""));
        }
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new NetworkProcessor()).withOptions("--release", "8", "-Xlint:all,-options,-processing")
                .compile(sources);
    }

    /** The text of the generated source file of class {@code qualifiedName}. */
    static String generatedSource(Compilation compilation, String qualifiedName) {
        try {
            return compilation.generatedSourceFile(qualifiedName).orElseThrow().getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Compilation compile(List<Declaration> declarations) {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Declaration d : declarations) {
            sources.add(d.source());
        }
        return compile(sources.toArray(new JavaFileObject[0]));
    }
}
