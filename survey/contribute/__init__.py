"""What contributors' commands use: lookups (arXiv, Crossref), BibTeX import, paper files, cite keys."""
