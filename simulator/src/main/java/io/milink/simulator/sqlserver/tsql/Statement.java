package io.milink.simulator.sqlserver.tsql;

import java.util.List;

/** A parsed batch element. Leaf statements keep their token range; the executor reads their details. */
public sealed interface Statement {

    int line();

    /** One statement: {@code head} is its first keyword, upper case (EXEC for an implicit procedure call). */
    record Leaf(String head, int from, int to, int line, String text) implements Statement {
    }

    record If(int conditionFrom, int conditionTo, Statement then, Statement otherwise, int line) implements Statement {
    }

    record Block(List<Statement> statements, int line) implements Statement {
    }
}
