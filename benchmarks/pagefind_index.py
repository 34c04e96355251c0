"""Index a built site with Pagefind as the survey's build does: run by the benchmark on its floors.

    .venv/bin/python benchmarks/pagefind_index.py SITE_DIR

It calls the survey's own indexing step (survey/publish/search_index.py) when the tree has one, so
the floor's search costs what the site's does; otherwise it runs the Pagefind program directly.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    site = Path(sys.argv[1])
    try:
        from survey.publish.search_index import build_search_index
    except ImportError:
        from pagefind.service import get_executable

        subprocess.run([str(get_executable()), "--site", str(site), "--quiet"], check=True)
    else:
        build_search_index(site)


if __name__ == "__main__":
    main()
