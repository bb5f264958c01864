package org.attributionexplorer.guard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.neo4j.cypher.internal.parser.v5.Cypher5Lexer;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.Expression2Context;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.Expression6Context;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.Expression7Context;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.Expression8Context;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.Expression9Context;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ExpressionContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.FunctionInvocationContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ListComprehensionContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ListItemsPredicateContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ListLiteralContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ParameterContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.PatternComprehensionContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.PropertyPostfixContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ReduceExpressionContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.RegularQueryContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.UnwindClauseContext;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.VariableContext;

/**
 * Finds loops inside one Cypher expression that Neo4j 5.26 cannot interrupt (see
 * benchmarks/runaway-findings.md): the runtime checks a transaction's termination between rows
 * and in kernel calls, never inside reduce(), a list comprehension, a quantifier, list growth or
 * a regular expression. Parsed with Neo4j's own Cypher 5 parser (the one the server uses), so the
 * check sees exactly the tree the server will run.
 *
 * Rules (each refusal names its rule and what to change):
 * R1 the iterations nested in one another (reduce, comprehensions, quantifiers, pattern
 *    comprehensions) multiply to at most {@value #MAX_ITERATIONS}; a list of unknown size may
 *    not be iterated inside another iteration, nor contain one, unless the inner list comes
 *    from stored data (a property, labels(), keys(), nodes(), relationships(), split(),
 *    collect(), or the element of the iteration around it);
 * R2 range() outside an UNWIND source has a size known before running (integer literals,
 *    parameters, size() of a list) of at most {@value #MAX_ITERATIONS};
 * R3 reduce() may not use its accumulator twice as a value in a step (doubling), and a step
 *    growing the accumulator over a list of known size walks at most {@value #MAX_GROWING};
 * R4 the pattern of =~ is a literal or a parameter, without backreferences, without a repeated
 *    group containing a repetition, with at most {@value #MAX_UNBOUNDED} unbounded repetitions;
 * R5 expressions nest at most {@value #MAX_DEPTH} deep, at most {@value #MAX_PREFIX} NOTs in a
 *    row, at most {@value #MAX_TERMS} terms in one sum, at most {@value #MAX_UNIONS} UNIONs.
 */
public final class RunawayCheck {
    static final int MAX_DEPTH = 32;
    static final int MAX_PREFIX = 32;
    static final int MAX_TERMS = 1000;
    static final int MAX_UNBOUNDED = 3;
    static final int MAX_UNIONS = 50;
    static final long MAX_ITERATIONS = 1_000_000;
    static final long MAX_GROWING = 10_000;
    /** What a list from stored data counts for in R1's product (its size is not known here). */
    static final long STORED_GUESS = 1_000;

    private static final Set<String> STORED_LIST_FUNCTIONS =
            Set.of("split", "labels", "keys", "nodes", "relationships", "collect");
    private static final Set<String> SCALAR_FUNCTIONS = Set.of("size", "isempty", "length");

    private final Map<String, Object> params;

    private RunawayCheck(Map<String, Object> params) {
        this.params = params == null ? Map.of() : params;
    }

    /**
     * Why the statement may keep Neo4j busy after its time limit, or null when it may run.
     * Recurses in the parser: call it on a thread with a large stack (the text is bounded first).
     */
    public static String check(String query, Map<String, Object> params) {
        Cypher5Parser parser = new Cypher5Parser(new CommonTokenStream(new Cypher5Lexer(CharStreams.fromString(query))));
        parser.removeErrorListeners();
        ParseTree root = parser.statements();
        if (parser.getNumberOfSyntaxErrors() > 0) {
            return "The runaway check could not parse this statement, so it is not run.";
        }
        return new RunawayCheck(params).walk(root);
    }

    /** Visits every node iteratively (no recursion: the tree may be deep), applying each rule. */
    private String walk(ParseTree root) {
        Deque<ParseTree> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(0);
        while (!nodes.isEmpty()) {
            ParseTree n = nodes.pop();
            int depth = depths.pop() + (n instanceof ExpressionContext ? 1 : 0);
            if (depth > MAX_DEPTH) {
                return "R5: expressions are nested more than " + MAX_DEPTH + " deep; flatten the expression.";
            }
            String why = rule(n);
            if (why != null) {
                return why;
            }
            for (int i = n.getChildCount() - 1; i >= 0; i--) {
                nodes.push(n.getChild(i));
                depths.push(depth);
            }
        }
        return null;
    }

    private String rule(ParseTree n) {
        if (n instanceof Expression9Context x && x.NOT().size() > MAX_PREFIX) {
            return "R5: more than " + MAX_PREFIX + " NOTs in a row; simplify the expression.";
        }
        if (n instanceof RegularQueryContext q && q.UNION().size() > MAX_UNIONS) {
            return "R5: more than " + MAX_UNIONS + " UNIONs in one statement.";
        }
        if (n instanceof Expression6Context x && x.expression5().size() > MAX_TERMS) {
            return "R5: more than " + MAX_TERMS + " terms in one sum; pass long lists as a parameter.";
        }
        if (n instanceof FunctionInvocationContext f && name(f).equals("range") && !unwindSource(f)) {
            String why = rangeRule(f);
            if (why != null) {
                return why;
            }
        }
        if (isIteration(n)) {
            String why = iterationRule((ParserRuleContext) n);
            if (why != null) {
                return why;
            }
        }
        if (n instanceof ReduceExpressionContext r) {
            return reduceRule(r);
        }
        if (n instanceof TerminalNode t && t.getSymbol().getType() == Cypher5Lexer.REGEQ) {
            return Regex.rule(t, params);
        }
        return null;
    }

    // --- R2 range() ------------------------------------------------------------------------------

    private String rangeRule(FunctionInvocationContext f) {
        Size size = rangeSize(f);
        if (size.kind == Kind.UNKNOWN) {
            return "R2: range() outside UNWIND needs bounds known before it runs (numbers, parameters "
                    + "or size() of a list), not " + clip(asTyped(f)) + "; use UNWIND range(...) AS x instead.";
        }
        if (size.kind == Kind.KNOWN && size.n > MAX_ITERATIONS) {
            return "R2: range() of " + size.n + " elements outside UNWIND (at most " + MAX_ITERATIONS
                    + "); use UNWIND range(...) AS x, which the time limit can stop.";
        }
        return null;
    }

    private Size rangeSize(FunctionInvocationContext f) {
        var args = f.functionArgument();
        if (args.size() < 2 || args.size() > 3) {
            return Size.UNKNOWN_SIZE;
        }
        long[] v = {0, 0, 1};
        boolean fromData = false;
        for (int i = 0; i < args.size(); i++) {
            Long value = integer(args.get(i));
            if (value == null) {
                if (i < 2 && sizeOf(args.get(i))) {
                    fromData = true;
                    continue;
                }
                return Size.UNKNOWN_SIZE;
            }
            v[i] = value;
        }
        if (fromData) {
            return Size.STORED;
        }
        if (v[2] == 0) {
            return Size.known(0); // Neo4j refuses a zero step itself
        }
        double n = Math.floor(((double) v[1] - (double) v[0]) / v[2]) + 1;
        return Size.known(n <= 0 ? 0 : n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n);
    }

    /** An integer literal, a parameter holding an integer, or a sum/difference/product of them. */
    private Long integer(ParseTree e) {
        ParseTree c = core(e);
        if (c instanceof ParameterContext p) {
            Object v = params.get(p.parameterName().getText());
            return v instanceof Number num && !(v instanceof Double) && !(v instanceof Float) ? num.longValue() : null;
        }
        String text = c.getText();
        if (text.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(text);
        }
        if (c instanceof Expression6Context || c instanceof Cypher5Parser.Expression5Context) {
            Long acc = null;
            String op = "+";
            for (int i = 0; i < c.getChildCount(); i++) {
                ParseTree child = c.getChild(i);
                if (child instanceof TerminalNode t) {
                    op = t.getText();
                    continue;
                }
                Long v = integer(child);
                if (v == null) {
                    return null;
                }
                try {
                    acc = acc == null ? v : switch (op) {
                        case "+" -> Math.addExact(acc, v);
                        case "-" -> Math.subtractExact(acc, v);
                        case "*" -> Math.multiplyExact(acc, v);
                        default -> null;
                    };
                } catch (ArithmeticException overflow) {
                    return Long.MAX_VALUE;
                }
                if (acc == null) {
                    return null;
                }
            }
            return acc;
        }
        return null;
    }

    /** size()/length() of something, plus or minus numbers: bounded by a list that exists. */
    private boolean sizeOf(ParseTree e) {
        ParseTree c = core(e);
        if (c instanceof FunctionInvocationContext f) {
            return name(f).equals("size") || name(f).equals("length");
        }
        if (c instanceof Expression6Context sum) {
            for (var term : sum.expression5()) {
                if (integer(term) == null && !sizeOf(term)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    // --- R1 iterations -----------------------------------------------------------------------------

    static boolean isIteration(ParseTree n) {
        return n instanceof ReduceExpressionContext || n instanceof ListComprehensionContext
                || n instanceof ListItemsPredicateContext || n instanceof PatternComprehensionContext;
    }

    /** The list an iteration walks (null for a pattern comprehension: it walks the graph). */
    static ParseTree source(ParseTree n) {
        if (n instanceof ReduceExpressionContext r) {
            return r.expression(1);
        }
        if (n instanceof ListComprehensionContext c) {
            return c.expression(0);
        }
        if (n instanceof ListItemsPredicateContext l) {
            return l.inExp;
        }
        return null;
    }

    /** Whether `node` is evaluated once per element of the iteration `it` (not its list or init). */
    static boolean iteratedBy(ParseTree node, ParseTree it) {
        ParseTree src = source(it);
        if (src != null && within(node, src)) {
            return false;
        }
        return !(it instanceof ReduceExpressionContext r && within(node, r.expression(0)));
    }

    /** The element variable an iteration binds (null for a pattern comprehension). */
    static String element(ParseTree it) {
        if (it instanceof ReduceExpressionContext r) {
            return r.variable(1).getText();
        }
        if (it instanceof ListComprehensionContext c) {
            return c.variable().getText();
        }
        if (it instanceof ListItemsPredicateContext l) {
            return l.variable().getText();
        }
        return null;
    }

    private String iterationRule(ParserRuleContext n) {
        Size own = n instanceof PatternComprehensionContext ? Size.STORED : listSize(source(n), n);
        long total = own.factor();
        for (ParseTree child = n, up = n.getParent(); up != null; child = up, up = up.getParent()) {
            if (!isIteration(up) || !iteratedBy(child, up)) {
                continue;
            }
            Size outer = up instanceof PatternComprehensionContext ? Size.STORED : listSize(source(up), up);
            if (own.kind == Kind.UNKNOWN) {
                return "R1: an iteration over a list of unknown size inside another iteration: "
                        + clip(asTyped(n)) + "; iterate over stored data, a literal list or a small range, "
                        + "or use UNWIND.";
            }
            if (outer.kind == Kind.UNKNOWN && own.kind == Kind.KNOWN) {
                return "R1: an iteration inside an iteration over a list of unknown size: " + clip(asTyped(up))
                        + "; use UNWIND for the outer list.";
            }
            total = times(total, outer.factor());
        }
        if (total > MAX_ITERATIONS) {
            return "R1: " + (total == Long.MAX_VALUE ? "too many" : String.valueOf(total))
                    + " iterations in one expression (at most " + MAX_ITERATIONS + "): " + clip(asTyped(n))
                    + "; use UNWIND, which the time limit can stop, or smaller lists.";
        }
        return null;
    }

    /** The size class of the list an iteration walks. */
    private Size listSize(ParseTree src, ParseTree it) {
        ParseTree c = core(src);
        if (c instanceof ListLiteralContext l) {
            return Size.known(l.expression().size());
        }
        if (c instanceof ParameterContext p) {
            Object v = params.get(p.parameterName().getText());
            return v instanceof List<?> list ? Size.known(list.size()) : Size.UNKNOWN_SIZE;
        }
        if (c instanceof FunctionInvocationContext f) {
            String name = name(f);
            if (name.equals("range")) {
                return rangeSize(f);
            }
            if (STORED_LIST_FUNCTIONS.contains(name)) {
                return Size.STORED;
            }
            if ((name.equals("tail") || name.equals("reverse")) && f.functionArgument().size() == 1) {
                return listSize(f.functionArgument(0), it);
            }
            return Size.UNKNOWN_SIZE;
        }
        if (c instanceof PatternComprehensionContext) {
            return Size.STORED;
        }
        if (c instanceof ListComprehensionContext inner) {
            return listSize(inner.expression(0), inner);
        }
        if (c instanceof Expression2Context x && !x.postFix().isEmpty()
                && x.postFix(x.postFix().size() - 1) instanceof PropertyPostfixContext) {
            return Size.STORED;
        }
        if (c instanceof VariableContext v && boundByEnclosingIteration(v.getText(), it)) {
            return Size.ELEMENT;
        }
        return Size.UNKNOWN_SIZE;
    }

    /** Whether `var` is the element of an iteration around `it` (its list exists already). */
    private static boolean boundByEnclosingIteration(String var, ParseTree it) {
        for (ParseTree child = it, up = it.getParent(); up != null; child = up, up = up.getParent()) {
            if (isIteration(up) && iteratedBy(child, up) && var.equals(element(up))) {
                return true;
            }
        }
        return false;
    }

    // --- R3 reduce() --------------------------------------------------------------------------------

    private String reduceRule(ReduceExpressionContext r) {
        String acc = r.variable(0).getText();
        ParseTree step = r.expression(2);
        List<VariableContext> uses = new java.util.ArrayList<>();
        collectValueUses(step, acc, uses);
        if (uses.size() > 1) {
            return "R3: reduce() uses its accumulator " + acc + " twice in a step, so it can double each step: "
                    + clip(asTyped(r)) + "; build the value from the list instead.";
        }
        if (uses.isEmpty() || !grows(uses.get(0), step) || numericFold(r, uses.get(0))) {
            return null;
        }
        Size size = listSize(r.expression(1), r);
        if (size.kind == Kind.KNOWN && size.n > MAX_GROWING) {
            return "R3: reduce() grows a string or list over " + size.n + " elements (at most " + MAX_GROWING
                    + "), copying it each step: " + clip(asTyped(r)) + "; use collect() or a comprehension.";
        }
        return null;
    }

    /** Occurrences of `acc` used as a value (not inside a predicate, a comparison or size()). */
    private static void collectValueUses(ParseTree n, String acc, List<VariableContext> out) {
        Deque<ParseTree> todo = new ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            ParseTree x = todo.pop();
            if (scalarContext(x)) {
                continue;
            }
            if (x instanceof VariableContext v && v.getText().equals(acc)) {
                out.add(v);
            }
            for (int i = 0; i < x.getChildCount(); i++) {
                todo.push(x.getChild(i));
            }
        }
    }

    /** Subtrees whose value is a boolean or a number whatever the accumulator holds. */
    private static boolean scalarContext(ParseTree x) {
        ParseTree parent = x.getParent();
        if (parent instanceof ListComprehensionContext c && x == c.whereExp) {
            return true;
        }
        if (parent instanceof ListItemsPredicateContext || parent instanceof PatternComprehensionContext p && x == p.whereExp) {
            return true;
        }
        if (x instanceof Expression8Context e && e.expression7().size() > 1) {
            return true; // a comparison
        }
        if (x instanceof Expression7Context e && e.comparisonExpression6() != null) {
            return true; // IN, STARTS WITH, =~, IS NULL, ...
        }
        return x instanceof FunctionInvocationContext f && SCALAR_FUNCTIONS.contains(name(f));
    }

    /** Whether the use is a term of a +, - or || with other terms (the accumulator grows). */
    private static boolean grows(VariableContext use, ParseTree step) {
        for (ParseTree up = use.getParent(); up != null; up = up.getParent()) {
            if (up instanceof Expression6Context sum && sum.expression5().size() > 1) {
                return true;
            }
            if (up == step) {
                return false;
            }
        }
        return false;
    }

    /** A number folded with arithmetic: numeric literal init and the accumulator a plain term. */
    private static boolean numericFold(ReduceExpressionContext r, VariableContext use) {
        if (!r.expression(0).getText().matches("-?[0-9]+(\\.[0-9]+)?")) {
            return false;
        }
        for (ParseTree up = use.getParent(); up != null; up = up.getParent()) {
            if (up instanceof Expression6Context sum && sum.expression5().size() > 1) {
                return true;
            }
            if (up.getChildCount() != 1) {
                return false; // inside a function call, a case, a list: not a plain number term
            }
        }
        return false;
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** Descends through single-child wrappers (Expression -> Expression11 -> ... -> Expression1). */
    static ParseTree core(ParseTree n) {
        ParseTree c = n;
        while (c instanceof ParserRuleContext && !(c instanceof VariableContext) && c.getChildCount() == 1
                && !(c.getChild(0) instanceof TerminalNode)) {
            c = c.getChild(0);
        }
        return c;
    }

    static String name(FunctionInvocationContext f) {
        return f.functionName().getText().toLowerCase(Locale.ROOT);
    }

    static boolean unwindSource(ParseTree n) {
        for (ParseTree child = n, up = n.getParent(); up != null; child = up, up = up.getParent()) {
            if (up instanceof UnwindClauseContext u) {
                return u.expression() == child && core(child) == n;
            }
            if (isIteration(up)) {
                return false;
            }
        }
        return false;
    }

    static boolean within(ParseTree node, ParseTree ancestor) {
        for (ParseTree up = node; up != null; up = up.getParent()) {
            if (up == ancestor) {
                return true;
            }
        }
        return false;
    }

    static long times(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    /** The query text a node was parsed from, as typed (getText() drops the spaces). */
    static String asTyped(ParseTree tree) {
        if (!(tree instanceof ParserRuleContext ctx) || ctx.start == null || ctx.stop == null
                || ctx.stop.getStopIndex() < ctx.start.getStartIndex()) {
            return tree.getText();
        }
        return ctx.start.getInputStream().getText(
                org.antlr.v4.runtime.misc.Interval.of(ctx.start.getStartIndex(), ctx.stop.getStopIndex()));
    }

    static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    enum Kind { KNOWN, STORED, ELEMENT, UNKNOWN }

    /** A list's size as far as the text tells: a number, from stored data, or unknown. */
    record Size(Kind kind, long n) {
        static final Size STORED = new Size(Kind.STORED, 0);
        static final Size ELEMENT = new Size(Kind.ELEMENT, 0);
        static final Size UNKNOWN_SIZE = new Size(Kind.UNKNOWN, 0);

        static Size known(long n) {
            return new Size(Kind.KNOWN, n);
        }

        /** What it multiplies R1's product by (an element of the list around it: a sum, not a product). */
        long factor() {
            return switch (kind) {
                case KNOWN -> Math.max(1, n);
                case STORED -> STORED_GUESS;
                case ELEMENT, UNKNOWN -> 1;
            };
        }
    }
}
