// title: The latest claim's date
// description: The newest claim's date as precise as known (made_on, e.g. "2022") and the day
//   from which everything claimed so far counts as known (known_on: a claim dated only by
//   month or year is known from the last day of that period, e.g. 2022-12-31). The as-of
//   views start from known_on, so their default comes from the data, not from the clock.
// The newest claim is read in index order (claim_made_on); only the claims dated in its year
// can end later (a year- or month-dated claim stands for its whole period), so only they are
// compared.
MATCH (c:Claim)
WHERE c.made_on IS NOT NULL
WITH c
ORDER BY c.made_on DESC
LIMIT 1
MATCH (x:Claim)
WHERE x.made_on >= date.truncate('year', c.made_on)
// known_on: the as-of rule's first day (cypher/fragments/as_of.cypher, known_from)
WITH x, {{known_from(x)}} AS known_on
RETURN x.id AS claim,
       left(toString(x.made_on),
            CASE x.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       x.made_on_precision AS made_on_precision,
       known_on
ORDER BY known_on DESC, x.made_on DESC, claim
LIMIT 1
