// title: Actors and their aliases
MATCH (a:Actor)
RETURN a.name AS name, a.aliases AS aliases
ORDER BY name
