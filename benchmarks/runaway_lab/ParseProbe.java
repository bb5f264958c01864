import org.antlr.v4.runtime.*;
import org.antlr.v4.runtime.tree.*;
import org.neo4j.cypher.internal.parser.v5.*;

public final class ParseProbe {
    static String nest(String o, String core, String c, int d) { return o.repeat(d) + core + c.repeat(d); }
    static int depth(ParseTree t) { int m = 0; for (int i = 0; i < t.getChildCount(); i++) m = Math.max(m, depth(t.getChild(i))); return m + 1; }
    static void parse(String label, String q) throws Exception {
        Object[] res = new Object[1];
        Thread th = new Thread(null, () -> {
            long t0 = System.nanoTime();
            try {
                Cypher5Parser p = new Cypher5Parser(new CommonTokenStream(new Cypher5Lexer(CharStreams.fromString(q))));
                p.removeErrorListeners();
                ParseTree tree = p.statements();
                int d; try { d = depth(tree); } catch (StackOverflowError e) { d = -1; }
                res[0] = String.format("ok %d ms, tree depth %d, syntax errors %d", (System.nanoTime() - t0) / 1_000_000, d, p.getNumberOfSyntaxErrors());
            } catch (StackOverflowError e) {
                res[0] = String.format("StackOverflowError after %d ms", (System.nanoTime() - t0) / 1_000_000);
            }
        }, "probe", 0); // 0 = default stack size (-Xss / 1 MiB)
        th.start(); th.join();
        System.out.printf("%-28s %7d chars  %s%n", label, q.length(), res[0]);
    }
    public static void main(String[] a) throws Exception {
        for (int d : new int[] {50, 100, 200, 300, 500, 1000, 2000}) parse("parens " + d, "RETURN " + nest("(", "1", ")", d) + " AS x");
        for (int d : new int[] {100, 300, 1000, 3000}) parse("lists " + d, "RETURN " + nest("[", "1", "]", d) + " AS x");
        for (int d : new int[] {100, 500, 1000, 5000}) parse("NOT chain " + d, "RETURN " + "NOT ".repeat(d) + "true AS x");
        for (int d : new int[] {100, 500, 1000, 5000}) parse("minus chain " + d, "RETURN " + "- ".repeat(d) + "1 AS x");
        for (int d : new int[] {100, 300, 1000}) parse("abs() calls " + d, "RETURN " + nest("abs(", "1", ")", d) + " AS x");
        for (int d : new int[] {100, 300, 1000}) parse("maps " + d, "RETURN " + nest("{a:", "1", "}", d) + " AS x");
        for (int n : new int[] {1000, 10000, 50000}) parse("flat sum " + n, "RETURN " + "1 + ".repeat(n) + "1 AS x");
        for (int n : new int[] {100, 2000}) { StringBuilder b = new StringBuilder(); for (int i = 0; i < n; i++) { if (i > 0) b.append(" UNION "); b.append("RETURN ").append(i).append(" AS x"); } parse("unions " + n, b.toString()); }
        for (int d : new int[] {100, 300, 1000}) parse("reduce nest " + d, "RETURN " + "reduce(a=0, x IN range(1,2) | ".repeat(d) + "1" + ")".repeat(d) + " AS x");
    }
}
