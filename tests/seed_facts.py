"""Ids of the seed case's key claims, shared by the test modules that check answers on it."""

MS_ATTRIBUTION = "claim-microsoft-attribution-exchange-hafnium"
RAAB_MSS = "claim-raab-sponsorship-exchange-mss"
NCSC_ATTRIBUTION = "claim-ncsc-attribution-exchange-hafnium"
CHINA_DENIAL = "claim-china-denial-exchange"
NON_ATTRIBUTION = "claim-microsoft-non-attribution-hafnium-solarwinds"
