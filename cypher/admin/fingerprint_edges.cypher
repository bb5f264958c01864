// Every relationship with its endpoints' ids and its properties, for the content fingerprint.
MATCH (a)-[r]->(b)
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
