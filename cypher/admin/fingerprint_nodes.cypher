// Every node's labels and properties: hashed (in Python) into a content fingerprint of the graph.
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
