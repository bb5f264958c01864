"""Who is who: actor records per source, names as claims, equivalences, computed actors.

See docs/identity.md. The core reads evidence and computes resolved actors; the loader writes
them (loader.resolution), the CLI and UI show them.
"""
