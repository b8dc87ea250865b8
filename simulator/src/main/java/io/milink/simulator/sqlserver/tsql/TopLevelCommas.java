package io.milink.simulator.sqlserver.tsql;

import java.util.ArrayList;
import java.util.List;

/** Splits a token range at the commas outside parentheses: argument lists, select lists, DBCC options. */
public final class TopLevelCommas {

    private TopLevelCommas() {
    }

    /** The [from, to) sub-ranges between top-level commas; an empty range has no parts. */
    public static List<int[]> split(List<Token> tokens, int from, int to) {
        List<int[]> parts = new ArrayList<>();
        if (from >= to) {
            return parts;
        }
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (t.isSymbol(",") && depth == 0) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        parts.add(new int[] {start, to});
        return parts;
    }
}
