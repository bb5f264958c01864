package org.attributionexplorer.guard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.neo4j.cypher.internal.parser.v5.Cypher5Parser.ParameterContext;

/**
 * R4: a pattern of {@code =~} that java.util.regex may backtrack on for hours (measured: a
 * backreference under a repeated group, a repeated group containing a repetition such as
 * {@code (.*a){12}}). Only a literal or a parameter is accepted, so the pattern is known here.
 */
final class Regex {
    private Regex() {}

    /** Why the =~ at `operator` is refused, or null. */
    static String rule(TerminalNode operator, Map<String, Object> params) {
        ParseTree parent = operator.getParent();
        ParseTree right = RunawayCheck.core(parent.getChild(parent.getChildCount() - 1));
        String pattern;
        if (right instanceof ParameterContext p) {
            Object value = params.get(p.parameterName().getText());
            if (!(value instanceof String s)) {
                return "R4: the pattern of =~ must be a string; $" + p.parameterName().getText() + " is not one.";
            }
            pattern = s;
        } else {
            String text = right.getText();
            if (text.length() < 2 || !(text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
                return "R4: the pattern of =~ must be a string literal or a parameter, not " + RunawayCheck.clip(text) + ".";
            }
            pattern = unescape(text.substring(1, text.length() - 1));
        }
        return why(pattern);
    }

    /** The reason a regular expression may backtrack without end, or null. */
    static String why(String pattern) {
        // one entry per open group: does it contain a repetition?
        Deque<boolean[]> groups = new ArrayDeque<>();
        boolean lastClosedHadRepetition = false;
        int unbounded = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            boolean closed = false;
            if (c == '\\') {
                char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : ' ';
                if (next >= '1' && next <= '9' || next == 'k') {
                    return "R4: the pattern of =~ has a backreference; match without it.";
                }
                if (next == 'Q') { // quoted until \E: literal characters
                    int end = pattern.indexOf("\\E", i + 2);
                    i = end < 0 ? pattern.length() : end + 2;
                    continue;
                }
                i += 2;
            } else if (c == '[') {
                i = endOfClass(pattern, i);
            } else if (c == '(') {
                groups.push(new boolean[] {false});
                i++;
            } else if (c == ')') {
                lastClosedHadRepetition = !groups.isEmpty() && groups.pop()[0];
                closed = true;
                i++;
            } else {
                i++;
            }
            // a repetition after what was just read
            if (i < pattern.length() && "*+{".indexOf(pattern.charAt(i)) >= 0) {
                char q = pattern.charAt(i);
                boolean isUnbounded = q != '{' || boundedEnd(pattern, i) < 0;
                boolean repeats = q != '{' || repeatsMoreThanOnce(pattern, i);
                if (closed && lastClosedHadRepetition && repeats) {
                    return "R4: the pattern of =~ repeats a group that contains a repetition; "
                            + "it can backtrack for hours. Simplify the pattern.";
                }
                if (isUnbounded && ++unbounded > RunawayCheck.MAX_UNBOUNDED) {
                    return "R4: the pattern of =~ has more than " + RunawayCheck.MAX_UNBOUNDED
                            + " unbounded repetitions (* or +); simplify the pattern.";
                }
                if (!groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
                i = q == '{' ? Math.max(i + 1, pattern.indexOf('}', i) + 1) : i + 1;
                if (i > 0 && i < pattern.length() && "?+".indexOf(pattern.charAt(i)) >= 0) {
                    i++; // lazy or possessive modifier
                }
            } else if (closed && lastClosedHadRepetition && !groups.isEmpty()) {
                groups.peek()[0] = true;
            }
        }
        return null;
    }

    /** Index after a character class [...] starting at `start` (nested classes and escapes). */
    private static int endOfClass(String p, int start) {
        int depth = 0;
        for (int i = start; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i + 1;
            }
        }
        return p.length();
    }

    /** The upper bound of {n,m} at `open`, or -1 when it is {n,} (unbounded). */
    private static int boundedEnd(String p, int open) {
        int close = p.indexOf('}', open);
        if (close < 0) {
            return 0;
        }
        String body = p.substring(open + 1, close);
        return body.endsWith(",") ? -1 : 0;
    }

    /** {1} and {0,1} repeat at most once; anything else repeats. */
    private static boolean repeatsMoreThanOnce(String p, int open) {
        int close = p.indexOf('}', open);
        String body = close < 0 ? "" : p.substring(open + 1, close).trim();
        return !(body.equals("1") || body.equals("0,1") || body.equals("0") || body.equals("1,1"));
    }

    /** A Cypher string literal's body with its escapes (\\, \', \", \n, ...) resolved. */
    static String unescape(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                switch (n) {
                    case 't' -> out.append('\t');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case '\\', '\'', '"' -> out.append(n);
                    default -> out.append('\\').append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
