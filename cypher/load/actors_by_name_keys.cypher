// Loader (STIX import): known actors whose name or alias folds to one of $keys (see
// loader/plan.py name_key). An alias claim naming an actor counts as one of its names; `via`
// is that claim's id (empty for the actor's own names), so an import can tell the claims it
// wrote itself from other knowledge. One pass over the actors and alias claims, whatever the
// number of keys ($keys is looked up as a set).
MATCH (a:Actor) WHERE any(k IN a.name_keys WHERE k IN $keys)
UNWIND [k IN a.name_keys WHERE k IN $keys] AS key
RETURN key, a.id AS id, a.name AS name, '' AS via
UNION
MATCH (c:Claim {kind: 'alias'})-[:SUBJECT]->(a:Actor)
WHERE any(k IN c.name_keys WHERE k IN $keys)
UNWIND [k IN c.name_keys WHERE k IN $keys] AS key
RETURN key, a.id AS id, a.name AS name, c.id AS via
