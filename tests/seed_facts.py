"""Ids of the seed case's key claims, and one example question per catalogue query, shared by
the test modules that check answers on the seed."""

from typing import Any

MS_ATTRIBUTION = "claim-microsoft-attribution-exchange-hafnium"
RAAB_MSS = "claim-raab-sponsorship-exchange-mss"
NCSC_ATTRIBUTION = "claim-ncsc-attribution-exchange-hafnium"
CHINA_DENIAL = "claim-china-denial-exchange"
NON_ATTRIBUTION = "claim-microsoft-non-attribution-hafnium-solarwinds"

# One analyst's question per query, on the seed (tests below check the answers in detail).
EXAMPLES: dict[str, dict[str, Any]] = {
    "search": {"q": "silk typhoon"},
    "claim_detail": {"claim": "claim-microsoft-attribution-exchange-hafnium"},
    "entity_profile": {"id": "hafnium"},
    "competing_attributions": {"campaign": "exchange-2021"},
    "attribution_matrix": {},
    "sponsorship_chain": {"id": "mss"},
    "denials": {},
    "non_attributions": {},
    "provenance": {"id": "claim-microsoft-attribution-exchange-hafnium"},
    "claim_evidence": {"id": "claim-microsoft-attribution-exchange-hafnium"},
    "timeline": {"id": "exchange-2021"},
    "as_of": {"as_of": "2021-03-31"},
    "neighbourhood": {"id": "hafnium"},
    "shortest_path": {"from_id": "mss", "to_id": "hafnium"},
    "campaign_details": {"campaign": "exchange-2021"},
    "overview_counts": {},
    "newest_claims": {},
    "latest_claim_date": {},
    "attribution_lag": {"campaign": "exchange-2021"},
}
