"""Downloads made from the model: BibTeX (and its LaTeX encoding), cite-as, JSON, CSL-JSON, the feed."""
