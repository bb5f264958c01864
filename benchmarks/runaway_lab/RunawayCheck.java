import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.antlr.v4.runtime.*;
import org.antlr.v4.runtime.tree.*;
import org.neo4j.cypher.internal.parser.v5.Cypher5Lexer;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.*;

/**
 * Prototype of a parser-based runaway check with Neo4j 5.26's own Cypher 5 parser (the one the
 * server uses: internal.cypher.parser.antlr_enabled defaults to true). Reads queries separated by
 * NUL from a file, prints one verdict per query: "ok" or "refuse: reason".
 */
public final class RunawayCheck {
    static final int MAX_DEPTH = 64, MAX_TERMS = 1000;
    static final long MAX_ITERATIONS = 1_000_000, MAX_GROWING = 10_000;

    public static void main(String[] a) throws Exception {
        String all = Files.readString(Path.of(a[0]), StandardCharsets.UTF_8);
        for (String q : all.split("\0")) {
            if (q.isBlank()) continue;
            String[] verdict = new String[1];
            long t0 = System.nanoTime();
            // the parser recurses per nesting level: give it a big stack (the text is size-capped before)
            Thread t = new Thread(null, () -> {
                try { verdict[0] = check(q); } catch (StackOverflowError e) { verdict[0] = "refuse: too deeply nested (parser stack)"; }
            }, "check", 256L << 20);
            t.start(); t.join();
            System.out.printf("%5d ms  %s%n", (System.nanoTime() - t0) / 1_000_000, verdict[0]);
        }
    }

    static String check(String q) {
        Cypher5Parser p = new Cypher5Parser(new CommonTokenStream(new Cypher5Lexer(CharStreams.fromString(q))));
        p.removeErrorListeners();
        ParseTree root = p.statements();
        if (p.getNumberOfSyntaxErrors() > 0) return "ok (syntax error: the server will say)";
        // iterative walk: expression depth and every node with its ancestors
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        while (!stack.isEmpty()) {
            Object[] e = stack.pop();
            ParseTree n = (ParseTree) e[0];
            int depth = (int) e[1] + (n instanceof ExpressionContext ? 1 : 0);
            if (depth > MAX_DEPTH) return "refuse: expressions nested more than " + MAX_DEPTH + " deep";
            if (n instanceof Expression6Context x && x.expression5().size() > MAX_TERMS) return "refuse: more than " + MAX_TERMS + " terms in one sum";
            if (n instanceof Expression11Context || n instanceof Expression10Context) {
                if (n.getChildCount() > 2 * MAX_TERMS) return "refuse: more than " + MAX_TERMS + " terms in one OR/AND";
            }
            String why = rule(n);
            if (why != null) return "refuse: " + why;
            for (int i = n.getChildCount() - 1; i >= 0; i--) stack.push(new Object[] {n.getChild(i), depth});
        }
        return "ok";
    }

    /** The list an iterating expression walks, or null if n does not iterate. */
    static ParseTree source(ParseTree n) {
        if (n instanceof ReduceExpressionContext r) return r.expression(1);
        if (n instanceof ListComprehensionContext c) return c.expression(0);
        if (n instanceof ListItemsPredicateContext l) return l.inExp;
        return null;
    }

    static String rule(ParseTree n) {
        if (n instanceof FunctionInvocationContext f && name(f).equals("range") && !unwindSource(f)) {
            Long size = rangeSize(f);
            if (size == null) return "range() with bounds that are not integer literals: " + f.getText();
            if (size > MAX_ITERATIONS) return "range() of " + size + " elements (at most " + MAX_ITERATIONS + " outside UNWIND)";
        }
        ParseTree src = source(n);
        if (src != null) {
            long total = 1;
            Long own = listSize(src);
            boolean unknown = own == null;
            total = own == null ? 1 : own;
            for (ParseTree up = n.getParent(), child = n; up != null; child = up, up = up.getParent()) {
                ParseTree upSrc = source(up);
                if (upSrc == null || within(child, upSrc)) continue;
                Long s = listSize(upSrc);
                if (s == null || unknown) return "iteration inside an iteration over a list of unknown size: " + clip(n.getText());
                total = Math.multiplyHigh(total, s) != 0 ? Long.MAX_VALUE : total * s;
            }
            if (total > MAX_ITERATIONS) return total + " iterations in one expression (at most " + MAX_ITERATIONS + ")";
            if (n instanceof ReduceExpressionContext r) {
                String acc = r.variable(0).getText();
                int uses = countVar(r.expression(2), acc);
                boolean numericInit = r.expression(0).getText().matches("-?[0-9.]+");
                if (uses > 1) return "reduce() whose step uses its accumulator twice (it can double): " + clip(r.getText());
                if (!numericInit && growing(r.expression(2), acc) && (unknown || total > MAX_GROWING))
                    return "reduce() growing a string or list over " + (unknown ? "a list of unknown size" : total + " elements");
            }
        }
        if (n instanceof TerminalNode t && t.getSymbol().getType() == Cypher5Lexer.REGEQ) {
            ParseTree parent = t.getParent();
            String pat = parent.getChild(parent.getChildCount() - 1).getText();
            if (!pat.matches("'[^']*'|\"[^\"]*\"")) return "=~ with a pattern that is not a string literal";
            String body = pat.substring(1, pat.length() - 1);
            if (body.matches(".*\\\\\\\\[1-9k].*")) return "=~ pattern with a backreference";
            if (body.matches(".*\\([^()]*[*+}?][^()]*\\)\\s*[*+?{].*")) return "=~ pattern with a repeated group containing a repetition";
        }
        return null;
    }

    static String name(FunctionInvocationContext f) { return f.functionName().getText().toLowerCase(Locale.ROOT); }

    static boolean unwindSource(ParseTree n) {
        for (ParseTree up = n.getParent(); up != null; up = up.getParent()) {
            if (up instanceof UnwindClauseContext u) return u.expression().getText().equals(n.getText());
        }
        return false;
    }

    static Long listSize(ParseTree src) {
        String text = src.getText();
        FunctionInvocationContext f = find(src, FunctionInvocationContext.class);
        if (f != null && f.getText().equals(text) && name(f).equals("range")) return rangeSize(f);
        ListLiteralContext l = find(src, ListLiteralContext.class);
        if (l != null && l.getText().equals(text)) return (long) l.expression().size();
        return null;
    }

    static Long rangeSize(FunctionInvocationContext f) {
        List<FunctionArgumentContext> args = f.functionArgument();
        if (args.size() < 2 || args.size() > 3) return null;
        long[] v = new long[3];
        v[2] = 1;
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i).getText();
            if (!s.matches("-?[0-9]{1,18}")) return null;
            v[i] = Long.parseLong(s);
        }
        if (v[2] == 0) return null;
        long n = (v[1] - v[0]) / v[2] + 1;
        return Math.max(0, n);
    }

    static boolean within(ParseTree node, ParseTree ancestor) {
        for (ParseTree up = node; up != null; up = up.getParent()) if (up == ancestor) return true;
        return false;
    }

    static int countVar(ParseTree n, String var) {
        if (n instanceof VariableContext v && v.getText().equals(var)) return 1;
        int c = 0;
        for (int i = 0; i < n.getChildCount(); i++) c += countVar(n.getChild(i), var);
        return c;
    }

    /** The step concatenates onto the accumulator: acc + x, x + acc, acc || x. */
    static boolean growing(ParseTree step, String acc) {
        Expression6Context sum = find(step, Expression6Context.class);
        return sum != null && sum.expression5().size() > 1 && countVar(sum, acc) > 0;
    }

    static <T> T find(ParseTree n, Class<T> type) {
        if (type.isInstance(n)) return type.cast(n);
        for (int i = 0; i < n.getChildCount(); i++) { T t = find(n.getChild(i), type); if (t != null) return t; }
        return null;
    }

    static String clip(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }
}
