"""A corpus of runaway read queries: each would keep Neo4j busy far past the 10 s time limit.

Every entry is a *read* (the read-only check lets it through today) whose cost comes from
somewhere the time limit may not reach. Shapes differ in where the work happens, because that
decides what can stop it in Neo4j 5.26 (Community, slotted runtime, interpreted expressions):

- "expression": a loop inside ONE expression evaluation (reduce, list comprehension,
  quantifier, IN, list equality, string/list growth, regex). The runtime checks for
  termination between rows and in kernel calls, never inside an expression, and does not
  count the heap an expression allocates: db.transaction.timeout and TERMINATE TRANSACTION
  mark the transaction, but the thread computes on.
- "parser": the cost is in parsing/planning the text (deep nesting, huge expressions).
- "rows": the work is spread over rows (UNWIND, MATCH, var-length expansion, aggregation);
  the runtime checks termination there, so the time limit stops these (kept as controls:
  a guard must not be the only thing that stops them either).

`note` says what makes the entry run away; `params` are passed with the query. `expected`
says how the product ends it: "refused" before it runs (text bounds, runaway check) or
"stopped" by the time limit (rows; measured to end within about a second of the timeout).
Used by benchmarks/attack.py (figures) and tests/test_runaway.py, which asserts per entry:
refused before it runs, or no transaction of it left on the server shortly after its timeout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEN_BILLION = 10_000_000_000

# Not row shapes, but the time limit stops them, so the guard lets them run: the subquery's
# inner plan is an UNWIND (busy 0.7 s after the deadline, measured), and 40 ORs of ANDs plan in
# 1.4 s (no blow-up, measured). benchmarks/runaway-findings.md.
STOPPED_BY_THE_TIME_LIMIT = frozenset({"count-subquery-unwind", "huge-or-of-ands"})


@dataclass(frozen=True)
class Runaway:
    name: str
    text: str
    shape: str  # "expression", "parser" or "rows"
    note: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def expected(self) -> str:
        """How the product ends it: refused before it runs, or stopped by the time limit."""
        stopped = self.shape == "rows" or self.name in STOPPED_BY_THE_TIME_LIMIT
        return "stopped" if stopped else "refused"


def _nested(opening: str, core: str, closing: str, depth: int) -> str:
    return opening * depth + core + closing * depth


# A 1 MiB string built in the query by doubling (2^20 characters): used as the input of
# per-iteration string work, so the text stays short.
_MEGABYTE = "reduce(s = 'a', i IN range(1, 20) | s + s)"

RUNAWAY: list[Runaway] = [
    # --- one expression, CPU only (constant memory) --------------------------------------------
    Runaway(
        "reduce-sum-over-range",
        "RETURN reduce(total = 0, x IN range(1, 10000000000) | total + x) AS total",
        "expression",
        "reduce() folds 10^10 elements of a lazy range(); ~3 M elements/s, hours of CPU, "
        "no heap: neither the memory cap nor the timeout reaches inside the fold.",
    ),
    Runaway(
        "quantifier-any",
        "RETURN any(x IN range(0, 10000000000) WHERE x < 0) AS found",
        "expression",
        "any() scans the whole list because no element matches; same for all/none/single.",
    ),
    Runaway(
        "membership-in-list",
        f"WITH {_MEGABYTE} AS big "
        "RETURN substring(big, 1) + 'b' IN [x IN range(1, 2000000) | big] AS found",
        "expression",
        "`IN` compares element by element: 2*10^6 comparisons of two 1 MiB strings that "
        "differ only in their last byte (ranges longer than 2^31 fail: 'numeric value out "
        "of range').",
    ),
    Runaway(
        "list-equality",
        "RETURN [x IN range(1, 200000) | range(1, x)] = [x IN range(1, 200000) | range(1, x)]"
        " AS same",
        "expression",
        "Equality of two lists of lists walks every inner list: 2*10^10 comparisons, and "
        "only 2*10^5 small lazy ranges are allocated.",
    ),
    Runaway(
        "nested-comprehension-product",
        "RETURN size([x IN range(1, 200000) | size([y IN range(1, 200000) WHERE y = x])]) AS n",
        "expression",
        "Two short ranges nested: 4*10^10 inner iterations; each bound alone looks small.",
    ),
    Runaway(
        "nested-reduce",
        "RETURN reduce(a = 0, i IN range(1, 100000) | "
        "a + reduce(b = 0, j IN range(1, 100000) | b + i * j)) AS total",
        "expression",
        "reduce() inside reduce(): 10^10 steps from two bounds of 10^5.",
    ),
    Runaway(
        "lazy-list-bomb",
        "RETURN any(x IN reduce(l = [0], i IN range(1, 45) | l + l) WHERE x = 1) AS found",
        "expression",
        "l + l builds 2^45 elements lazily in microseconds (size() answers at once); "
        "any() then walks them. No range() is large: the size comes from doubling.",
    ),
    Runaway(
        "bound-from-parameter",
        "RETURN reduce(total = 0, x IN range(1, $n) | total + x) AS total",
        "expression",
        "The bound hides in a parameter ($n = 10^10): the text alone shows no large number.",
        {"n": TEN_BILLION},
    ),
    Runaway(
        "bound-from-arithmetic",
        "RETURN reduce(total = 0, x IN range(1, toInteger(10 ^ 10)) | total + x) AS total",
        "expression",
        "The bound is an expression (10 ^ 10): a literal-only check would miss it.",
    ),
    Runaway(
        "bound-from-data",
        "MATCH (n) WITH count(n) AS c "
        "RETURN reduce(total = 0, x IN range(1, c * c * c * c * c) | total + x) AS total",
        "expression",
        "The bound comes from the graph (node count^5, ~6*10^10 on the seed): unknowable "
        "before running.",
    ),
    Runaway(
        "comprehension-over-collected-data",
        "MATCH (n) WITH collect(n) AS ns "
        "RETURN size([a IN ns | size([b IN ns | size([c IN ns | "
        "size([d IN ns WHERE d = a OR d = b OR d = c])])])]) AS n",
        "expression",
        "No range() at all: four nested comprehensions over collect(n) (144^4 ~ 4*10^8 "
        "predicate evaluations on the seed, 10^4 times more per 10x nodes).",
    ),
    Runaway(
        "regex-backreference-backtracking",
        "RETURN '" + "a" * 40 + "!' =~ '(a*)*\\\\1b' AS m",
        "expression",
        "java.util.regex backtracks exponentially on (a*)*\\1 (24 a's: 3.8 s measured; 40 "
        "a's: hours). JDK 9+ memoises plain (a+)+b, but not with a backreference.",
    ),
    Runaway(
        "regex-polynomial",
        "RETURN '" + "a" * 50 + "' =~ '(.*a){12}b' AS m",
        "expression",
        "(.*a){12}b against 50 a's: C(50, 12) ~ 10^11 ways to split (26 a's: 3.5 s "
        "measured); no nested quantifier, so a 'nested quantifier' check misses it.",
    ),
    Runaway(
        "string-function-in-loop",
        f"WITH {_MEGABYTE} AS big "
        "RETURN reduce(n = 0, i IN range(1, 10000000) | n + size(replace(big, 'a', 'bb'))) AS n",
        "expression",
        "A cheap-looking loop of 10^7 whose body copies 1-2 MiB each time (10^13 bytes "
        "written, all garbage: GC churn for everyone).",
    ),
    # --- one expression, heap (untracked by the transaction memory cap) ------------------------
    Runaway(
        "string-append-quadratic",
        "RETURN size(reduce(s = '', x IN range(1, 10000000) | s + 'abcdefgh')) AS n",
        "expression",
        "Appending to the accumulator copies it every time: O(n^2) bytes (4*10^14) for an "
        "80 MB result.",
    ),
    Runaway(
        "string-doubling",
        "RETURN size(reduce(s = 'ab', i IN range(1, 40) | s + s)) AS n",
        "expression",
        "Doubling a string 40 times asks for 2^41 bytes: the heap (512 MiB) is gone after "
        "~28 steps, outside the transaction memory cap.",
    ),
    Runaway(
        "list-append-quadratic",
        "RETURN size(reduce(l = [], x IN range(1, 10000000) | l + x)) AS n",
        "expression",
        "Appending one element to an accumulated list: quadratic copying and untracked heap.",
    ),
    Runaway(
        "comprehension-materialises",
        "RETURN size([x IN range(1, 300000000) | x]) AS n",
        "expression",
        "A comprehension allocates an array of the range's size up front plus one boxed "
        "value per element (~6 GB): untracked heap, OutOfMemoryError for the whole JVM.",
    ),
    Runaway(
        "filter-grows",
        "RETURN size([x IN range(1, 10000000000) WHERE x % 2 = 0]) AS n",
        "expression",
        "A filtering comprehension grows its result as it goes: CPU for hours and heap "
        "creeping up until the JVM thrashes in GC.",
    ),
    Runaway(
        "split-into-characters",
        f"RETURN size(split({_MEGABYTE.replace('20)', '27)')}, '')) AS n",
        "expression",
        "split(s, '') of a 128 MiB string makes 1.3*10^8 one-character strings: a list "
        "function that materialises far more than the text suggests.",
    ),
    Runaway(
        "to-string-list",
        "RETURN size(toStringList(range(1, 1000000000))) AS n",
        "expression",
        "A conversion function materialises the lazy range (10^9 strings): untracked heap.",
    ),
    # --- expression loops that touch the graph or a subquery ---------------------------------
    Runaway(
        "pattern-comprehension-in-loop",
        "RETURN reduce(total = 0, i IN range(1, 1000000000) | "
        "total + size([(a)--(b) | b])) AS total",
        "expression",
        "Each iteration expands the graph (a nested plan): the loop itself is an "
        "expression, but its body calls into the kernel.",
    ),
    Runaway(
        "count-subquery-unwind",
        "RETURN COUNT { UNWIND range(1, 10000000000) AS x RETURN x } AS n",
        "expression",
        "A subquery expression whose inner plan is an UNWIND over 10^10 rows.",
    ),
    # --- rows (the runtime checks for termination between rows) -------------------------------
    Runaway(
        "unwind-cartesian",
        "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN count(*) AS n",
        "rows",
        "10^12 rows from two UNWINDs, counted without buffering.",
    ),
    Runaway(
        "match-cartesian",
        "MATCH (a), (b), (c), (d), (e) WHERE a <> e RETURN count(*) AS n",
        "rows",
        "Five unconnected node patterns: 144^5 ~ 6*10^10 rows on the seed graph (the "
        "predicate keeps the planner from answering count(*) from the counts store).",
    ),
    Runaway(
        "var-length-paths",
        "MATCH p = (a)-[*]-(b) RETURN count(p) AS n",
        "rows",
        "Unbounded variable-length paths: exponential in path length on any connected graph.",
    ),
    Runaway(
        "collect-everything",
        "UNWIND range(1, 10000000000) AS x RETURN size(collect(x)) AS n",
        "rows",
        "collect() buffers every row: tracked heap, so the transaction memory cap applies.",
    ),
    Runaway(
        "sort-everything",
        "UNWIND range(1, 10000000000) AS x RETURN x ORDER BY x DESC LIMIT 1",
        "rows",
        "ORDER BY ... LIMIT 1 over 10^10 rows: a top-1 sort fed for hours (little heap).",
    ),
    # --- parsing and planning -------------------------------------------------------------
    Runaway(
        "nested-parentheses",
        "RETURN " + _nested("(", "1", ")", 1000) + " AS x",
        "parser",
        "1,000 nested parentheses in 2 KB: overflows the parser's stack.",
    ),
    Runaway(
        "nested-lists",
        "RETURN size(" + _nested("[", "1", "]", 3000) + ") AS x",
        "parser",
        "3,000 nested list literals: the same recursion through another rule.",
    ),
    Runaway(
        "not-chain",
        "RETURN " + "NOT " * 5000 + "true AS x",
        "parser",
        "5,000 prefix operators: a right-recursive chain with no brackets to count.",
    ),
    Runaway(
        "huge-sum-expression",
        "RETURN " + " + ".join(["1"] * 10000) + " AS x",
        "parser",
        "A 40 KB flat sum of 10,000 terms: parsing, semantic analysis and rewriting.",
    ),
    Runaway(
        "huge-or-of-ands",
        "MATCH (n) WHERE "
        + " OR ".join(f"(n.a = {i} AND n.b = {i})" for i in range(40))
        + " RETURN count(n) AS n",
        "parser",
        "An OR of 40 ANDs: normalising to conjunctive form distributes OR over AND, 2^40 "
        "clauses if nothing stops it.",
    ),
    Runaway(
        "many-unions",
        " UNION ".join(f"RETURN {i} AS x" for i in range(2000)),
        "parser",
        "2,000 UNION branches: one plan per branch, then distinct over all of them.",
    ),
]
