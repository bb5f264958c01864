// Every node's labels and properties: hashed (in Python) into a content fingerprint of the graph.
// The loader's bookkeeping (LoadedFile, LoadLedger: when each file was loaded) is not content.
MATCH (n)
WHERE NOT n:LoadedFile AND NOT n:LoadLedger
RETURN labels(n) AS labels, properties(n) AS props
