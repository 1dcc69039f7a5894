"""Every tunable constant of the pipeline, in one place.

Modules import what they need from here; nothing else in ``geo/`` defines a
number that a user might want to change.
"""

from __future__ import annotations

from pathlib import Path

# --- paths -----------------------------------------------------------------
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
ASSETS_DIR = REPO_DIR / "assets"
SEEDS_DIR = REPO_DIR / "seeds"
#: Where the user's place overrides live (name, lat, lon, note); read each run.
OVERRIDES_FILE = ASSETS_DIR / "overrides.csv"
#: On-disk cache for the optional online geocoder.
CACHE_DIR = Path.home() / ".cache" / "frontline-map"

# --- units -----------------------------------------------------------------
KM2_PER_SQ_MI = 2.589988110336
KM2_PER_HECTARE = 0.01

# --- projections -------------------------------------------------------------
#: Equal-area projection for every area: Lambert azimuthal equal-area centred
#: on the theatre (Kursk region), so distortion is negligible there.
EQUAL_AREA_CRS = "+proj=laea +lat_0=51.3 +lon_0=35.5 +datum=WGS84 +units=m +no_defs"
WGS84 = "EPSG:4326"

# --- theatre ---------------------------------------------------------------
THEATER_REGION_ID = "RU-KRS"
THEATER_SIDE = "Ukraine"

# --- ingest ----------------------------------------------------------------
MAX_FILE_BYTES = 2_000_000
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# --- geocoding -------------------------------------------------------------
FUZZY_MIN_SCORE = 88.0
NOMINATIM_ENABLED = False
NOMINATIM_USER_AGENT = "frontline-map/0.1 (newsroom territorial-control map)"
NOMINATIM_MIN_DELAY_S = 1.0
NOMINATIM_TIMEOUT_S = 10.0

# --- territory -------------------------------------------------------------
#: The fitted polygon's area must be within this fraction of the target.
AREA_TOLERANCE = 0.02
#: Margin added to each end of the border stretch the front is built on (m).
BORDER_STRETCH_MARGIN_M = 12_000.0
#: Corridor width to a place reported held (m), as a minimum.
HELD_PLACE_RADIUS_M = 1_500.0
#: Radius around a place reported lost that the polygon must avoid (m).
LOST_PLACE_RADIUS_M = 1_500.0
#: Simplification tolerance for exported polygons (m).
SIMPLIFY_TOLERANCE_M = 150.0
