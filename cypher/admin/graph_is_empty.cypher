// `attrib up`: does the graph hold anything yet? (if not, the seed case is loaded)
MATCH (n)
RETURN count(n) = 0 AS empty
