// Identity: a load is about to write actor records; their resolution is written after them, in
// another transaction. This marker says "records written, resolution not yet": it is removed
// when the resolution is written (clear_pending.cypher), so a load killed between the two
// leaves it, and the next load or `attrib up` completes the resolution and says so.
MERGE (s:AttribState {id: 'identity-resolution'})
SET s.pending = true, s.since = datetime()
