"""File writers: the graph out in exchange formats."""
