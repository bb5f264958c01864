// title: Campaign details: victims, sectors, tools, vulnerabilities, infrastructure
// description: One row for a campaign: its names and dates, then lists of victims (AFFECTED
//   and TARGETS organisations and countries), sectors, tools, vulnerabilities and
//   infrastructure. Each item carries the edge's sources and note. Sectors, tools and
//   infrastructure known only through an actor the campaign is attributed to (e.g. the
//   sectors HAFNIUM targets) name that actor in via, so they are never mixed up with the
//   campaign's own; vulnerabilities are the campaign's own only. Also the quantified facts (victim
//   counts with their as-of dates) and the number of events and attribution claims. Dates
//   are as precise as known ("2021-03", "2021").
// param: campaign (string, required): the campaign id, e.g. exchange-2021
MATCH (camp:Campaign {id: $campaign})
WITH camp,
     COLLECT {
       MATCH (c:Claim {kind: 'attribution'})-[:SUBJECT]->(camp), (c)-[:OBJECT]->(a:Actor)
       RETURN DISTINCT a
     } AS actors
RETURN camp.id AS id,
       camp.name AS name,
       camp.aliases AS aliases,
       camp.description AS description,
       left(toString(camp.first_seen), CASE camp.first_seen_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS first_seen,
       left(toString(camp.last_seen), CASE camp.last_seen_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS last_seen,
       [a IN actors | a.name] AS attributed_actors,
       COLLECT {
         MATCH (camp)-[r:AFFECTED|TARGETS]->(v)
         WHERE v:Organisation OR v:Country
         RETURN {id: v.id, name: v.name, label: [l IN labels(v) WHERE l <> 'Entity'][0],
                 relation: type(r), via: null, sources: r.sources, note: r.note}
         ORDER BY v.name
       } AS victims,
       COLLECT {
         MATCH (camp)-[r:AFFECTED|TARGETS]->(s:Sector)
         RETURN {id: s.id, name: s.name, relation: type(r), via: null, sources: r.sources,
                 note: r.note} AS item
         UNION
         MATCH (camp)-[:AFFECTED|TARGETS]->(:Organisation)-[r:IN_SECTOR]->(s:Sector)
         RETURN {id: s.id, name: s.name, relation: 'victim IN_SECTOR', via: null,
                 sources: r.sources, note: r.note} AS item
         UNION
         UNWIND actors AS a
         MATCH (a)-[r:TARGETS]->(s:Sector)
         WHERE NOT (camp)-[:AFFECTED|TARGETS]->(s)
         RETURN {id: s.id, name: s.name, relation: type(r), via: a.name, sources: r.sources,
                 note: r.note} AS item
       } AS sectors,
       COLLECT {
         MATCH (camp)-[r:USES]->(t:Tool)
         RETURN {id: t.id, name: t.name, kind: t.kind, via: null, sources: r.sources,
                 note: r.note} AS item
         UNION
         UNWIND actors AS a
         MATCH (a)-[r:USES]->(t:Tool)
         WHERE NOT (camp)-[:USES]->(t)
         RETURN {id: t.id, name: t.name, kind: t.kind, via: a.name, sources: r.sources,
                 note: r.note} AS item
       } AS tools,
       COLLECT {
         MATCH (camp)-[r:EXPLOITS]->(v:Vulnerability)
         RETURN {id: v.id, name: v.name, cve: v.cve, product: v.product, sources: r.sources,
                 note: r.note}
         ORDER BY v.name
       } AS vulnerabilities,
       COLLECT {
         MATCH (camp)-[r:USES]->(i:Infrastructure)
         RETURN {id: i.id, name: i.name, kind: i.kind, via: null, sources: r.sources,
                 note: r.note} AS item
         UNION
         UNWIND actors AS a
         MATCH (a)-[r:USES]->(i:Infrastructure)
         WHERE NOT (camp)-[:USES]->(i)
         RETURN {id: i.id, name: i.name, kind: i.kind, via: a.name, sources: r.sources,
                 note: r.note} AS item
       } AS infrastructure,
       COLLECT {
         MATCH (f:Claim {kind: 'fact'})-[:SUBJECT]->(camp)
         WHERE f.value IS NOT NULL
         OPTIONAL MATCH (f)-[:CLAIMED_BY]->(who)
         RETURN {claim: f.id, value: f.value, unit: f.unit, as_of: left(toString(f.as_of), CASE f.as_of_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                 claimant: who.name,
                 confidence_label: f.confidence_label}
         ORDER BY f.as_of, f.id
       } AS figures,
       COUNT { MATCH (e:Event)-[:CONCERNS]->(camp) } AS events,
       COUNT {
         MATCH (c:Claim)-[:SUBJECT]->(camp)
         WHERE c.kind IN ['attribution', 'sponsorship']
       } AS attribution_claims
LIMIT 1
