"""Input formats: each turns files into validated records and a summary; none writes."""
