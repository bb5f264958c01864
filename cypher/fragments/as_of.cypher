// The as-of rule: what could be known on the day $as_of (docs/graph-model.md, "Dates").
// Written once here; every catalogue query that takes as_of uses these fragments, filled in
// by attrib.cypher_text.expand_fragments when the catalogue reads it: `{{known_by}}`,
// `{{claim_known(c)}}`, `{{event_known(e)}}`, `{{source_known(s)}}`, and `{{known_from(c)}}` for the day from which
// a claim counts by default (latest_claim_date, the as-of views' default day).
//
// A date is stored as the first day of what is known, with its precision ("day" or absent,
// "month", "year"). Something dated only by month or year may have been said on the last day
// of its period, so by default it counts from that last day ("2021-03" from 2021-03-31,
// "2022" from 2022-12-31); with $period_start from its first day. known_by turns $as_of into
// the latest STORED date known that day, one per precision, so each item needs one
// comparison: day: $as_of; month: the first day of the last month ended by $as_of; year: the
// first day of the last year ended by $as_of. Null without $as_of: everything counts.
// fragment: known_by
CASE WHEN $as_of IS NULL THEN null
     WHEN $period_start THEN {day: $as_of, month: $as_of, year: $as_of}
     ELSE {day: $as_of,
           month: date.truncate('month', $as_of + duration('P1D')) - duration('P1M'),
           year: date.truncate('year', $as_of + duration('P1D')) - duration('P1Y')}
END
// A claim (attribution, sponsorship, denial, non-attribution...) counts once made, by its
// made_on; an undated claim never counts as of a day. {x} is the claim's variable.
// fragment: claim_known
(known_by IS NULL OR {x}.made_on <= known_by[coalesce({x}.made_on_precision, 'day')])
// An event (a political or legal response) counts once it happened, by its date. {x} is the
// event's variable.
// fragment: event_known
(known_by IS NULL OR {x}.date <= known_by[coalesce({x}.date_precision, 'day')])
// A source is shown once published; an undated source is always shown (its date is unknown,
// not late). {x} is the source's variable.
// fragment: source_known
(known_by IS NULL OR {x}.published IS NULL OR {x}.published <= known_by[coalesce({x}.published_precision, 'day')])
// The same rule seen from the claim: the first day it counts by default, the last day of its
// period (a claim dated "2022" from 2022-12-31). {x} is the claim's variable.
// fragment: known_from
CASE {x}.made_on_precision
  WHEN 'year' THEN date.truncate('year', {x}.made_on) + duration('P1Y') - duration('P1D')
  WHEN 'month' THEN date.truncate('month', {x}.made_on) + duration('P1M') - duration('P1D')
  ELSE {x}.made_on
END
