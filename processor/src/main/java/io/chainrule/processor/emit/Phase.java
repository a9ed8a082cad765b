package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * One step of a layer's computation: what it computes ({@link Term}), the chain-rule comment
 * that names it and its statements, each with its cost in multiply-adds (0 for a loop, which is
 * never split).
 */
record Phase(Term term, List<String> comment, List<Statement> statements) {

    Phase {
        comment = List.copyOf(comment);
        statements = List.copyOf(statements);
    }

    static Phase of(Term term, String comment, List<Statement> statements) {
        return new Phase(term, List.of(comment), statements);
    }

    static Phase of(String comment, List<Statement> statements) {
        return of(Term.OTHER, comment, statements);
    }

    int cost() {
        int sum = 0;
        for (Statement s : statements) {
            sum += s.cost();
        }
        return sum;
    }

    CodeBlock commentBlock(String suffix) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (int i = 0; i < comment.size(); i++) {
            b.add("// $L$L\n", comment.get(i), i == comment.size() - 1 ? suffix : "");
        }
        return b.build();
    }

    /** A statement (or a whole loop) and its cost. */
    record Statement(CodeBlock code, int cost) {
    }
}
