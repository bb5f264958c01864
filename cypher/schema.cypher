// Schema of the attribution graph. Applied by the loader before any write; idempotent.
// Every label's `id` is unique; `Entity` is carried by every actor, organisation, person,
// country, campaign, vulnerability, tool, infrastructure and sector node.

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT campaign_id IF NOT EXISTS FOR (n:Campaign) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT vulnerability_id IF NOT EXISTS FOR (n:Vulnerability) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT tool_id IF NOT EXISTS FOR (n:Tool) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT infrastructure_id IF NOT EXISTS FOR (n:Infrastructure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sector_id IF NOT EXISTS FOR (n:Sector) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;

// Lookups by name and alias key (exact, case-insensitive matching is done on name_keys).
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_name_keys IF NOT EXISTS FOR (n:Entity) ON (n.name_keys);
CREATE INDEX entity_stix_id IF NOT EXISTS FOR (n:Entity) ON (n.stix_id);
// "Name contains" search (search.cypher): name_keys joined by spaces; a TEXT index answers
// CONTAINS without reading every entity.
CREATE TEXT INDEX entity_name_search IF NOT EXISTS FOR (n:Entity) ON (n.name_search);
// Exact names (search.cypher: name_search = key, STARTS WITH key + ' '): a TEXT index answers
// a short string (fewer than 3 characters) by scanning, a RANGE index by seeking.
CREATE INDEX entity_name_search_exact IF NOT EXISTS FOR (n:Entity) ON (n.name_search);

// Claim lookups: by kind, by date (timeline, "as of"), by STIX id.
CREATE INDEX claim_kind IF NOT EXISTS FOR (n:Claim) ON (n.kind);
CREATE INDEX claim_made_on IF NOT EXISTS FOR (n:Claim) ON (n.made_on);
CREATE INDEX claim_stix_id IF NOT EXISTS FOR (n:Claim) ON (n.stix_id);
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE INDEX source_url IF NOT EXISTS FOR (n:Source) ON (n.url);
CREATE INDEX source_stix_id IF NOT EXISTS FOR (n:Source) ON (n.stix_id);
CREATE INDEX country_iso2 IF NOT EXISTS FOR (n:Country) ON (n.iso2);

// Full-text search over names, aliases and original-language names of every entity. The `cjk`
// analyzer indexes Chinese, Japanese and Korean text as overlapping character pairs (the
// default analyzer indexes single characters, so 国家安全部 matched アメリカ合衆国 by 国) and
// Latin text as lower-cased words. It replaces the earlier `entity_names` (default analyzer).
DROP INDEX entity_names IF EXISTS;
CREATE FULLTEXT INDEX entity_name_text IF NOT EXISTS
FOR (n:Actor|Organisation|Person|Country|Campaign|Vulnerability|Tool|Infrastructure|Sector)
ON EACH [n.name, n.aliases, n.original_name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};

// Full-text search over what was said (search_text.cypher): claims' statements, quotes and
// notes, events' names and descriptions, sources' titles and publishers, and entities'
// descriptions; the same analyzer.
CREATE FULLTEXT INDEX said_text IF NOT EXISTS
FOR (n:Claim|Event|Source|Actor|Organisation|Person|Country|Campaign|Vulnerability|Tool|Infrastructure|Sector)
ON EACH [n.statement, n.quote, n.note, n.name, n.description, n.title, n.title_en, n.publisher]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};

// Identity (docs/identity.md): resolved actors are computed from the actor records.
CREATE CONSTRAINT resolved_actor_id IF NOT EXISTS FOR (n:ResolvedActor) REQUIRE n.id IS UNIQUE;
// No index on a resolved actor's names: a group's names grow with the group (a chain of
// thousands of records gave a 36 KB key list no index can hold). A name finds the actor
// through its member records, each indexed on its own node (entity_name_keys, search.cypher).
DROP INDEX resolved_actor_name_keys IF EXISTS;
CREATE INDEX actor_dataset IF NOT EXISTS FOR (n:Actor) ON (n.dataset);
CREATE INDEX claim_object_record IF NOT EXISTS FOR (n:Claim) ON (n.object_record);

// Re-loads skip what did not change (loader/file_hashes.py): one node per input file loaded
// (id: the source and the file's path within the input) and the ledger of the last completed
// load. Bookkeeping, not attribution data: no edges, left out of the graph's fingerprint.
CREATE CONSTRAINT loaded_file_id IF NOT EXISTS FOR (n:LoadedFile) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT load_ledger_id IF NOT EXISTS FOR (n:LoadLedger) REQUIRE n.id IS UNIQUE;
