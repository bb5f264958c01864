// STIX export --campaign: the ids of one campaign's neighbourhood. That is the campaign; the
// claims about it or pointing at it; the entities those claims name and the attribution,
// sponsorship and alias claims about those entities; every denial or corroboration of these
// claims; the claimants; the entities joined to the campaign by plain edges; the events that
// concern it; and every source that any of them cites.
MATCH (camp:Campaign {id: $id})
WITH camp, COLLECT { MATCH (c:Claim)-[:SUBJECT|OBJECT]->(camp) RETURN c } AS direct
WITH camp, direct,
     COLLECT {
       UNWIND direct AS c
       MATCH (c)-[:SUBJECT|OBJECT]->(e:Entity) WHERE e <> camp
       RETURN DISTINCT e
     } AS named
WITH camp, direct, named,
     COLLECT {
       UNWIND named AS e
       MATCH (c:Claim)-[:SUBJECT]->(e)
       WHERE c.kind IN ['attribution', 'sponsorship', 'alias'] AND NOT c IN direct
       RETURN DISTINCT c
     } AS second
WITH camp, named, direct + second AS claims
WITH camp, named, claims,
     COLLECT {
       UNWIND claims AS c
       MATCH (d:Claim)-[:DISPUTES|SUPPORTS]->(c) WHERE NOT d IN claims
       RETURN DISTINCT d
     } AS responses
WITH camp, named, claims + responses AS claims
WITH camp, claims,
     named
     + COLLECT {
         UNWIND claims AS c
         MATCH (c)-[:CLAIMED_BY|SUBJECT|OBJECT]->(e:Entity)
         RETURN DISTINCT e
       }
     + COLLECT {
         MATCH (camp)-[r:USES|TARGETS|AFFECTED|EXPLOITS|PART_OF|RELATED_TO]-(e:Entity)
         RETURN DISTINCT e
       } AS entities,
     COLLECT { MATCH (ev:Event)-[:CONCERNS]->(camp) RETURN ev } AS events
WITH [camp] + entities AS entities, claims, events
WITH entities, claims, events,
     COLLECT {
       UNWIND entities + claims + events AS x
       MATCH (x)-[:CITES]->(s:Source)
       RETURN DISTINCT s.id AS sid
       UNION
       UNWIND entities AS a
       MATCH (a)-[r]->(b:Entity) WHERE b IN entities AND r.sources IS NOT NULL
       UNWIND r.sources AS sid
       RETURN DISTINCT sid
     } AS sources
RETURN [e IN entities | e.id] + [c IN claims | c.id] + [ev IN events | ev.id] + sources AS ids
