"""MISP galaxy cluster files (threat-actor, microsoft-activity-group, ...): see misp_galaxy.py."""
