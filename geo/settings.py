"""Every tunable constant of the pipeline, in one place.

Only settings live here (numbers, limits, file names, colours): modules read
them when a function runs. What a front *is* (its regions, sides, border,
projection) is data in a theatre pack (:mod:`geo.theater`), and word lists are
data in ``geo/lang/`` (:mod:`geo.vocabulary`).
"""

from __future__ import annotations

from pathlib import Path

# --- paths -----------------------------------------------------------------
PACKAGE_DIR = Path(__file__).resolve().parent
#: The bundled example articles (present in a source checkout).
SEEDS_DIR = PACKAGE_DIR.parent / "seeds"
#: On-disk cache for the optional online geocoder.
CACHE_DIR = Path.home() / ".cache" / "frontline-map"

# --- theatre packs (geo/theater.py) ---------------------------------------------
#: Environment variable naming more theatre packs (folders, os.pathsep-separated).
THEATERS_ENV = "FRONTLINE_THEATERS"
#: File names inside a pack folder.
PACK_BOUNDARIES_FILE = "boundaries.geojson"
PACK_GAZETTEER_FILE = "gazetteer.csv"
PACK_SUPPLEMENT_FILE = "supplement.csv"
PACK_OVERRIDES_FILE = "overrides.csv"
#: Margin around a theatre and its neighbours for the online geocoder's search box (degrees).
VIEWBOX_PAD_DEG = 0.2
#: A story belongs to the front whose regions hold most of the places it names;
#: a region named as such ("the Sumy region") counts this many times a village.
FRONT_REGION_WEIGHT = 2
#: A village a story about a front names is looked for within this distance of
#: the front's regions (km); a namesake farther away stays unresolved.
FRONT_NEIGHBOURHOOD_KM = 40.0

# --- units -----------------------------------------------------------------
KM2_PER_SQ_MI = 2.589988110336
KM2_PER_HECTARE = 0.01

# --- projections -------------------------------------------------------------
#: Geographic coordinates of every input and output; areas are measured in
#: each theatre's own equal-area projection (``Theater.crs``).
WGS84 = "EPSG:4326"

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
#: A place this close outside the theatre region (degrees, about 1 km) still
#: counts as inside it: gazetteer points on the edge of a simplified outline.
REGION_EDGE_TOLERANCE_DEG = 0.01
#: Border parts within this distance of the region count as running along it (m).
BORDER_SNAP_M = 300.0
#: Segments per quarter circle in buffers (rounder is slower, not more accurate
#: at the scale of an estimate).
BUFFER_QUAD_SEGS = 4
#: Simplification of the border stretch before it is buffered (m).
STRETCH_SIMPLIFY_M = 100.0
#: Largest depth the band may grow to (m).
MAX_DEPTH_M = 150_000.0
#: The border stretch a front grows from is this many times the square root of
#: the area wide (so a front is about twice as wide as it is deep) ...
FRONT_WIDTH_PER_SQRT_AREA = 2.0
#: ... and at least twice this wide (m).
FRONT_MIN_HALF_WIDTH_M = 6_000.0

# --- static map images and captions (geo/render.py, geo/caption.py) ----------
#: Named image sizes: name -> (width px, height px, dpi) at scale 1. The dpi
#: fixes the physical size (width / dpi inches), so type sizes in points keep
#: their proportions; ``scale=2`` doubles the dpi (and the pixels), not the
#: layout. "a4" is A4 landscape (297 x 210 mm) at 300 dpi, for print.
RENDER_SIZES = {
    "16:9": (1600, 900, 160),
    "1:1": (1080, 1080, 130),
    "a4": (3508, 2480, 300),
}
RENDER_FORMATS = ("png", "svg")
RENDER_MAX_SCALE = 4
#: Sans-serif type for every text on the image (installed with matplotlib).
RENDER_FONT = "DejaVu Sans"
#: Fixed salt for the SVG element ids, so two renders are byte-identical.
RENDER_SVG_HASHSALT = "frontline-map"
#: Padding around the polygon(s) when framing the map, as a fraction of their
#: extent, and the smallest side of the frame (m), so a small area keeps context.
RENDER_FRAME_PAD = 0.35
RENDER_MIN_FRAME_M = 60_000.0
#: Largest frame side (m) before the frame is clamped around the polygon.
RENDER_MAX_FRAME_M = 400_000.0
#: Basemap towns with at least this population are labelled (larger first).
RENDER_MIN_LABEL_POPULATION = 1_000
#: Palette (restrained: one accent for the held area, greys for the basemap).
RENDER_COLORS = {
    "background": "#ffffff",
    "water": "#dfe9f2",
    "land_theater": "#f4f2ee",
    "land_own": "#f4f2ee",
    "land_other": "#e9e7e2",
    "oblast_line": "#a8a49c",
    "border": "#55524d",
    "held_fill": "#2f6db5",
    "held_edge": "#1d4f8c",
    "earlier_edge": "#1d4f8c",
    "earlier_fill": "#c9d8ec",
    "text": "#1f1f1f",
    "muted": "#6b6760",
    "town": "#6b6760",
    "place": "#1f1f1f",
    "status_held": "#1d4f8c",
    "status_lost": "#b23a2b",
    "status_contested": "#d08a1c",
    "status_unknown": "#8c8880",
    "inset_frame": "#b23a2b",
}
#: At most this many settlements are named in an alt text.
CAPTION_MAX_PLACES = 8
#: Country names for the region labels of the static maps.
COUNTRY_NAMES = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus"}
#: At most this many basemap towns are tried for labels (largest first).
RENDER_MAX_TOWNS = 60
#: A town closer than this to a point already drawn is not labelled (m).
RENDER_TOWN_MIN_SPACING_M = 1_500.0
#: zlib level of the PNG files (0-9): 6 balances file size and time.
RENDER_PNG_COMPRESS_LEVEL = 6

# --- dashboard (dashboard/; owned by the dashboard engineer) ----------------
#: Environment variable naming the folder of articles the dashboard reads
#: (default: the bundled seeds). ``module:function`` names a factory returning
#: a ready Atlas or Timeline instead (tests and demos, e.g.
#: ``tests.sample_data:sample_timeline``).
DASHBOARD_SOURCE_ENV = "FRONTLINE_SOURCE"
#: Height of the map frame in the dashboard and in the embed view (px).
DASHBOARD_MAP_HEIGHT_PX = 600
#: The map reports a new date to the other panels this long after the last move (ms).
DASHBOARD_REPORT_DEBOUNCE_MS = 120
#: The events list shows at most this many events nearest the selected date.
DASHBOARD_EVENTS_NEAREST = 12
#: Environment variable: set to 1 to run the naive design the load benchmark
#: (benchmarks/bench_load.py) compares against: every slider move reruns the
#: whole script and rebuilds the chart, instead of rerunning only the fragment
#: that follows the date.
DASHBOARD_FULL_RERUN_ENV = "FRONTLINE_DASHBOARD_FULL_RERUN"
#: Upload limits: files per build, and bytes per file (the ingest limit).
DASHBOARD_MAX_UPLOAD_FILES = 20
DASHBOARD_MAX_UPLOAD_BYTES = MAX_FILE_BYTES
#: Longest pasted text accepted (characters).
DASHBOARD_MAX_PASTE_CHARS = 200_000
#: Whose area figures win when several fall on one date (first = preferred).
#: Independent assessments come before the warring sides' own claims.
CLAIMANT_PREFERENCE = ("analyst", "outlet", "soldier", "military", "government")

# --- interactive web map (geo/webmap.py) -------------------------------------
#: Simplification tolerance for the held polygons in the web map (m, measured
#: in the equal-area CRS): below what a screen shows at zoom 8-13.
WEBMAP_SIMPLIFY_TOLERANCE_M = 100.0
#: Simplification tolerance for the basemap's oblast outlines and border (m).
WEBMAP_BASEMAP_SIMPLIFY_M = 200.0
#: Decimal places kept for coordinates (5 decimals ~ 1 m) and the polyline
#: encoding precision.
WEBMAP_COORD_DECIMALS = 5
#: Quotes longer than this are cut (with an ellipsis) in popups.
WEBMAP_MAX_QUOTE_CHARS = 600
#: Zoom range of the map (the offline vector basemap has no detail beyond 13).
WEBMAP_MIN_ZOOM = 5
WEBMAP_MAX_ZOOM = 13
WEBMAP_MAX_ZOOM_TILES = 16
#: Delay between dates when the play control runs (ms).
WEBMAP_PLAY_INTERVAL_MS = 900
#: Below this map width (px) the legend starts folded into a "Legend" button
#: and the first view is framed below the panels instead of beside them.
WEBMAP_COMPACT_WIDTH_PX = 760
#: Basemap labels: at zoom <= z only towns with population >= p are labelled.
WEBMAP_LABEL_ZOOM_POPULATION = ((7, 200_000), (8, 40_000), (9, 8_000), (10, 2_000), (11, 0))
#: A basemap label closer than this to a settlement marker is dropped (m).
WEBMAP_LABEL_DEDUP_M = 1_500.0
#: Palette (the same hues as RENDER_COLORS so the static image and the web map
#: agree). Status colours: dark blue / vermilion red / amber / grey differ in
#: lightness as well as hue, so they stay distinct for red-green colour vision
#: deficiency; "unknown" is also drawn hollow.
WEBMAP_COLORS = {
    "background": "#d6dbdf",
    "land_theater": "#fbfaf7",
    "land_other": "#eeebe5",
    "land_neighbour": "#e1e5dc",
    "oblast_line": "#a8a49c",
    "border": "#4a4741",
    "held_fill": "#2f6db5",
    "held_edge": "#1d4f8c",
    "peak_edge": "#1d4f8c",
    "status_held": "#1d4f8c",
    "status_lost": "#b23a2b",
    "status_contested": "#d08a1c",
    "status_unknown": "#8c8880",
    "text": "#1f1f1f",
    "muted": "#6b6760",
}
#: Web tiles offered when ``tiles=True``: (name, URL template, attribution HTML).
WEBMAP_TILES = (
    ("CARTO light", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
     '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
     'contributors (ODbL) &copy; <a href="https://carto.com/attributions">CARTO</a>'),
    ("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
     '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
     'contributors (ODbL)'),
)
#: One-line data attribution in the map's corner (the full credits, with
#: ``Boundaries.credits``, are listed in the legend).
WEBMAP_ATTRIBUTION = ("Data: GeoNames (CC-BY 4.0), \u00a9 OpenStreetMap contributors (ODbL), "
                      "Natural Earth, DCW/GMT")
#: Credits always listed in the legend, besides ``Boundaries.credits``.
WEBMAP_CREDITS = (
    "Places: GeoNames (CC-BY 4.0)",
    "Borders: OpenStreetMap contributors (ODbL), Natural Earth (public domain), DCW/GMT (LGPL)",
)

# --- geodata (gazetteer, boundaries, geocoder; owned by the geodata layer) ---
#: Basemap labels: settlements with at least this population get a label.
LABEL_MIN_POPULATION = 2_000
#: Resolution scores: exact key 100; declension / transliteration variants below.
SCORE_EXACT = 100.0
SCORE_VARIANT = 97.0
SCORE_DECLENSION = 93.0
#: Fuzzy match: only names at least this long are tried fuzzily (characters).
FUZZY_MIN_LENGTH = 5
#: Nominatim cache file name (in CACHE_DIR).
NOMINATIM_CACHE_FILE = "nominatim.json"

# --- ingest, dates and claim extraction (geo/ingest.py, geo/dates.py, ------
# --- geo/extract.py, geo/claimants.py) --------------------------------------
#: Environment variable choosing how control events are read: ``parser`` (the
#: dependency parse, geo/frames.py), ``rules`` (patterns only) or ``auto``
#: (the parser when spaCy and its English model are installed).
READER_ENV = "FRONTLINE_READER"
#: Sidecar suffix next to an article file (``NAME.meta.json``).
SIDECAR_SUFFIX = ".meta.json"
#: Metadata keys understood in a sidecar or YAML front matter.
META_KEYS = ("title", "outlet", "url", "published", "notes")
#: Encodings preferred when charset-normalizer finds several that fit about as
#: well (news text is mostly Western European or Cyrillic) ...
PREFERRED_ENCODINGS = ("utf_16", "cp1252", "iso8859_1", "cp1251", "koi8_r", "koi8_u",
                       "iso8859_5", "iso8859_15")
#: ... when their "chaos" score is within this of the best guess.
ENCODING_CHAOS_TOLERANCE = 0.15
#: A decoded file with more than this share of control characters is binary.
BINARY_CONTROL_CHAR_RATIO = 0.01


#: Lines that are page furniture rather than story text; a weak hint that a
#: new story may start nearby (case-insensitive regexes on a whole line).
BOILERPLATE_LINE_PATTERNS = (
    r"image:.*", r"pic:.*", r"photo:.*", r"follow\b.*", r"related topics:?",
    r"more on\b.*", r"listen to\b.*", r"read more\b.*", r"please use .* browser.*",
    r"\d{1,2}:\d{2}", r"advertisement", r"sign up\b.*", r"subscribe\b.*",
    r"share this\b.*", r"watch:.*", r"video:.*", r"•",
)
#: Story splitting: paragraphs per window on each side of a candidate gap.
SPLIT_WINDOW = 6
#: A gap is a boundary when its window similarity is below this ...
SPLIT_MAX_SIMILARITY = 0.06
#: ... and each resulting story keeps at least this many paragraphs / chars.
SPLIT_MIN_PARAGRAPHS = 4
SPLIT_MIN_CHARS = 300
#: Similarity bonus threshold given to a gap that has a boilerplate line.
SPLIT_BOILERPLATE_BONUS = 0.04

#: Phrases saying a claim could not be verified: they hedge it as the hedge words of
#: the language file do (``claims.hedges`` in geo/lang/en.yaml).
UNVERIFIED_PATTERNS = (
    # "could not be independently confirmed"
    r"could not be (?:independently )?(?:confirmed|verified)",
    # "Reuters could not verify", "was unable to independently confirm"
    r"\b(?:could|can|cannot|can['’]t|couldn['’]t|unable to|did not|didn['’]t)\s*(?:not\s+)?"
    r"(?:independently\s+)?(?:confirm|verify)\b",
    # "has not yet been able to confirm"
    r"\b(?:not|never) (?:yet )?been able to (?:independently )?(?:confirm|verify)\b",
    # "have not seen any confirmation"
    r"\bnot (?:yet )?(?:observed|seen) (?:any )?(?:confirmation|evidence)\b",
)
#: A sentence saying only that the previous one could not be checked ("Reuters
#: could not independently verify the reports.") hedges the previous sentence's claims.
BACK_HEDGE_PATTERN = (r"^[^.]{0,60}\b(?:could not|cannot|can ?not|couldn['’]t|was unable to|were "
                      r"unable to|has not been able to|have not been able to|did not)\s+"
                      r"(?:immediately\s+|independently\s+|yet\s+)*(?:confirm|verify)\b"
                      r"[^.]{0,80}\.?$")
#: A paragraph of one sentence without final punctuation and at most this many
#: words is a headline (live blogs, subheads); its claims are dropped when the
#: story's body repeats them.
HEADLINE_MAX_WORDS = 14
#: Live-blog time stamps opening a paragraph ("10:42", "09:15 GMT") are furniture.
TIMESTAMP_PREFIX_PATTERN = (r"[ \t]*(?:\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?"
                            r"(?:[ \t]+(?:GMT|BST|CET|EET|EEST|MSK|UTC|ET|EST|EDT|Kyiv time|"
                            r"local time))?)[ \t]+(?:[-—–|:][ \t]+)?(?=\S)")
HEDGE_FACTOR = 0.7
#: Base confidence by claimant type (before hedges).
CONFIDENCE_BY_CLAIMANT = {
    "analyst": 0.85, "outlet": 0.75, "soldier": 0.7, "military": 0.6, "government": 0.55,
}
#: Page furniture (``furniture`` in geo/lang/en.yaml): after a link list's header this many
#: short lines are furniture too.
FURNITURE_LIST_MAX_LINES = 12
#: A date after a claim in the same clause dates it when at most this far away (chars).
DATE_AFTER_MAX_CHARS = 70
#: A dateline's day ("KYIV, March 12 (Reuters) - ") dates the story's undated and
#: relative claims instead of its publication when it is at most this many days
#: before publication (a wire story republished later).
DATELINE_MAX_DAYS_BEFORE = 14
#: Undated sentences continuing a dated narrative inherit its date through at
#: most this many sentences, and across at most this many paragraph breaks each.
NARRATIVE_MAX_SENTENCES = 3
NARRATIVE_MAX_PARAGRAPH_GAP = 1
#: Vague figures ("dozens of square miles") keep only this share of confidence.
VAGUE_FACTOR = 0.5
#: Clauses naming one of these (and no theatre place) are about another front:
#: their area figures are not the theatre's.
OTHER_THEATER_PATTERNS = (
    r"\b(?:eastern|southern|south-eastern|southeastern|northeastern|north-eastern|central) "
    r"Ukraine\b", r"\bDonbas+\b", r"\bDonetsk\b", r"\bLuhansk\b", r"\bZaporizhzhia\b",
    r"\bKherson\b", r"\bPokrovsk\b", r"\bKurakhove\b", r"\bToretsk\b",
    r"\bChasiv Yar\b", r"\bKupiansk\b", r"\bCrimea\b", r"\belsewhere\b",
    r"\b(?:along|across) the (?:entire |whole |rest of the )?front(?: ?line)?\b",
    r"\bin Ukraine\b", r"\b(?:across|throughout|all of) Ukraine\b",
)
#: "... taken by Russian troops": a passive agent this far after the verb names its side (chars).
PASSIVE_AGENT_MAX_CHARS = 40
#: Widening of "around the same time" (days on each side of the anchor).
SAME_TIME_WIDEN_DAYS = 3
#: "in recent days", "over the past few weeks": how far back each reaches (days).
RECENT_DAYS = {"day": 4, "week": 28, "month": 90}
#: "recently" reaches this many days back from publication.
RECENTLY_DAYS = 7
#: A "past N days/weeks" window up to this long has week precision; longer: month.
RECENT_WEEK_MAX_DAYS = 28
SCORE_LOOSE = 90.0
#: Words that turn an oblast's short name into the oblast ("Kursk region").
REGION_WORDS = ("region", "oblast", "province", "Oblast'", "regions")
#: Text scanning: one-word names shorter than this are not spotted on their own.
SCAN_MIN_LENGTH = 4
#: Text scanning: gazetteer keys that are also common English words or names.
SCAN_STOPWORDS = frozenset({
    "male", "baba", "luch", "peny", "hai", "sai", "sad", "vet", "lavy", "amon", "nove",
    "pody", "raky", "revy", "luky", "huta", "huty", "klyn", "vyry", "usok", "okip",
    "nyzy", "basy", "bizh", "dych", "hrun", "sula", "vozy", "olym", "ilek", "ivot",
    "zoryane", "zarya", "pobeda", "progress", "mayak", "komsomolets", "svoboda", "rassvet",
    "zarechye", "pervomayskiy", "oktyabrskiy",
})
#: Settlements (below LABEL_MIN_POPULATION people) farther than this from the
#: state border are not resolved by the offline geocoder: reporting on the
#: front names places near it, and a far namesake is likelier wrong than right.
FRONT_MAX_BORDER_KM = 45.0
#: Text scanning: capitalised words that may precede a place name ("Near Sudzha").
SCAN_LEFT_OK = frozenset({
    "in", "at", "near", "of", "from", "to", "toward", "towards", "the", "and", "or", "both",
    "around", "outside", "inside", "into", "across", "beyond", "between", "like", "including",
    "along", "through", "past", "via", "until", "since", "by", "for", "with", "without",
    "russian", "ukrainian", "northern", "southern", "eastern", "western", "central",
    "captured", "liberated", "retook", "took", "entered", "but", "while", "as", "after", "before",
    "on", "over", "under", "then", "when", "where", "if", "that", "this", "so", "yet", "also",
})
#: Text scanning: capitalised words that may follow a place name ("Sudzha District").
SCAN_RIGHT_OK = frozenset({"district", "raion", "region", "oblast", "river", "province", "area"})
#: Score given to an online (Nominatim) answer.
SCORE_ONLINE = 80.0
#: Names that are never map markers (ascii keys): countries and capitals used
#: as actors, outlets, organisations. The theatre's oblasts are not here.
NON_PLACE_NAMES = frozenset({
    "russia", "ukraine", "north korea", "south korea", "belarus", "united states", "us", "usa",
    "america", "china", "iran", "europe", "european union", "eu", "nato", "west", "the west",
    "moscow", "kyiv", "kiev", "washington", "pyongyang", "minsk", "beijing", "tehran", "london",
    "brussels", "kremlin", "pentagon", "white house", "downing street",
    "russian federation", "soviet union", "ussr",
    "sky news", "bbc", "cnn", "reuters", "ap", "afp", "tass", "ria novosti", "interfax",
    "new york times", "the new york times", "washington post", "wall street journal",
    "financial times", "guardian", "the guardian", "telegraph", "economist", "bloomberg",
    "al jazeera", "kyiv independent", "meduza", "novaya gazeta", "rbc", "ukrainska pravda",
    "deepstate", "deep state", "isw", "institute for the study of war", "black bird group",
    "rybar", "telegram", "x", "twitter", "facebook", "youtube", "wagner", "akhmat",
    "rosgvardia", "fsb", "gru", "sbu", "hur", "zsu",
})

# --- bounds on hostile or careless input (ingest, pipeline, timeline, export,
# --- geocode, dashboard) ------------------------------------------------------
#: YAML front matter longer than this (characters between the ``---`` lines) is
#: not read; anchors and aliases (``&name`` / ``*name``) are never accepted.
FRONT_MATTER_MAX_CHARS = 16_000
#: A ``NAME.meta.json`` sidecar larger than this (bytes) is not read.
SIDECAR_MAX_BYTES = 64_000
#: Deepest nesting of lists and mappings accepted in front matter and sidecars
#: (the metadata itself is one flat mapping).
META_MAX_DEPTH = 4
#: Longest number (digits) accepted in front matter or a sidecar.
META_MAX_NUMBER_DIGITS = 30
#: Dates before this (ISO) are implausible for publication and for claims.
EARLIEST_DATE = "1900-01-01"
#: A claim dated more than this many days after its article's publication, or
#: a publication date more than this many days after today, is implausible.
LATEST_DATE_AFTER_DAYS = 366
#: An area figure smaller than this (km²) is too small to draw: it is listed with
#: a warning, never silently lost to rounding ("0.0001 km²").
MIN_AREA_FIGURE_KM2 = 0.1
# --- choosing a date's area (geo/series.py) -----------------------------------
#: A change in km² ("lost 85 km² over the past day") is applied to the last
#: figure only when the change's period begins on that figure's day or at most
#: this many days after it.
CHANGE_MAX_GAP_DAYS = 2
#: Without a known start of the offensive, the first figure is carried back
#: through the reports of places held leading up to it, each at most this many
#: days before the next.
CARRY_BACK_MAX_DAYS = 30
#: A peak figure whose date was only inferred ("since the offensive began") is
#: drawn on that date only when it falls within this many days of the front's
#: known start.
PEAK_START_WINDOW_DAYS = 31
#: A held figure more than this share above the most ever reported (the peak)
#: is an outlier: it is shown, not drawn.
OUTLIER_ABOVE_PEAK = 0.05
#: A figure that differs from both its neighbours in its series by more than
#: this share of the larger neighbour ...
OUTLIER_JUMP = 0.5
#: ... while they agree with each other within this share ...
OUTLIER_NEIGHBOURS_AGREE = 0.3
#: ... and lie at most this many days apart, with no capture or withdrawal
#: reported between, is an outlier.
OUTLIER_WINDOW_DAYS = 30
#: An interpolation across more days than this between two figures is
#: labelled uncertain, carries the range of the figures around it, and is
#: given to two significant figures.
LONG_INTERPOLATION_DAYS = 30

#: Longest span (days) the every-day build ("Daily estimates", ``--every-day``)
#: fills in; a longer span keeps only the report dates.
EVERY_DAY_MAX_DAYS = 1_100
#: Seconds the claim extraction of one story may take before it is abandoned
#: (its claims are left out and the file is named).
ARTICLE_TIME_BUDGET_S = 5.0
#: Processes that read stories in parallel (forked, so they share the language
#: model); None: one per usable CPU core; 1: read in the calling process.
READ_WORKERS: int | None = None
#: Fewer stories than this are read in the calling process (a fork costs more).
READ_PARALLEL_MIN_STORIES = 12
#: A file that is not valid UTF-8 is still read as UTF-8 (bad bytes shown as
#: U+FFFD) when bad bytes are at most this share of it and valid multi-byte
#: characters outnumber them this many times ...
UTF8_MAX_BAD_SHARE = 0.005
UTF8_MIN_GOOD_PER_BAD = 4
#: ... and as UTF-16 without a byte-order mark when it holds NUL bytes, its
#: three commonest high bytes cover this share of its 16-bit units ...
UTF16_MIN_SCRIPT_SHARE = 0.9
#: ... and at least this share are ASCII (spaces, digits, punctuation).
UTF16_MIN_ASCII_SHARE = 0.1
#: The online geocoder stops asking after this many failures in a row (no
#: network, timeouts); failed names are not asked again in the same run.
NOMINATIM_MAX_CONSECUTIVE_FAILURES = 3
#: Map component folders (under the system temp folder): at most this many are
#: kept, and none older than this many seconds (the one in use is rewritten).
DASHBOARD_COMPONENT_MAX_DIRS = 32
DASHBOARD_COMPONENT_MAX_AGE_S = 7 * 24 * 3600
#: Spreadsheet cells (CSV exports) starting with one of these are formulas to
#: Excel, LibreOffice and Sheets; such cells from untrusted text get a leading
#: apostrophe (OWASP, "CSV injection").
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# --- daily estimates in time linear in the days (geo/territory.py) -----------
#: The border stretch a front grows from widens in steps of this ratio (its
#: half-width is ``FRONT_MIN_HALF_WIDTH_M`` times a power of it), so dates
#: with slowly changing areas share one stretch and are fitted together.
FRONT_WIDTH_STEP = 1.2
#: A polygon sticking out of the one it must nest in by less than this (m²)
#: is rounding, not an error, and is left alone.
NEST_TOLERANCE_M2 = 1.0
#: The border stretch is simplified by this share of its half-width (at least
#: ``STRETCH_SIMPLIFY_M``) before it is buffered: a deep band's inner edge does
#: not show the border's small bends, and buffering fewer vertices is faster.
STRETCH_SIMPLIFY_SHARE = 0.02
