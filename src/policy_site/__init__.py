"""policy-site: publish a bilingual, versioned privacy policy with MkDocs and mike."""

from __future__ import annotations

__version__ = "0.1.0"
