"""The text of the policy as readers get it: Markdown read by Python-Markdown,
configured exactly as MkDocs configures it for the site (see `render`)."""
