// Loader (STIX import): known countries by ISO 3166-1 alpha-2 code, so a STIX location with
// `country` lands on the country node that is already there.
UNWIND $codes AS code
MATCH (c:Country {iso2: code})
RETURN code, c.id AS id, c.name AS name
ORDER BY code, id
