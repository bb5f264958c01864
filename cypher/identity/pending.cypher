// Identity: whether a load wrote actor records and stopped before resolving them (the marker
// of mark_pending.cypher), and since when.
OPTIONAL MATCH (s:AttribState {id: 'identity-resolution'})
RETURN s IS NOT NULL AS pending, toString(s.since) AS since
