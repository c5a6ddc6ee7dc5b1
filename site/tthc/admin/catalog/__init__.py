"""The staff side of the catalogue: drafts of procedures and their review, the import from the
national portal, unit and agency contacts, posters to print for the counters."""
